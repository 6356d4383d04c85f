from celery import shared_task


@shared_task
def intake_mail() -> dict:
    """Read the intake mailbox (mailintake.services); safe to run twice or concurrently."""
    from dataclasses import asdict

    from .services import email_intake_run

    return asdict(email_intake_run())

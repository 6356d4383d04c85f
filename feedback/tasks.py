"""Thin tasks: ids in, a service call out. Safe to run twice."""

from celery import shared_task

from . import notifications
from .acknowledgements import acknowledgement_queue


@shared_task(autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_notification(notification_id: int) -> bool:
    return notifications.notification_send(notification_id=notification_id)


@shared_task
def send_acknowledgement_email(case_id: int) -> None:
    acknowledgement_queue(case_id=case_id)


@shared_task
def resend_pending_notifications() -> int:
    ids = notifications.notification_ids_pending()
    for notification_id in ids:
        send_notification.delay(notification_id)
    return len(ids)


@shared_task
def intake_mail() -> dict:
    """Read the intake mailbox (feedback.email_intake); safe to run twice or concurrently."""
    from dataclasses import asdict

    from .email_intake import email_intake_run

    return asdict(email_intake_run())

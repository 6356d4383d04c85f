"""Emails the lifecycle sends, through the outbox (queued in the caller's transaction, sent
after commit; the key makes a repeat a no-op). Letters (PDF) are the letters app's job."""

from django.conf import settings
from django.template.loader import render_to_string

from feedback.models import Case
from feedback.notifications import notification_queue
from feedback.selectors import ombudsman_route


def customer_address(case: Case) -> str:
    return case.reply_address


def customer_email(*, case: Case, key: str, subject: str, template: str, **context) -> bool:
    """Queue an email to the customer (or their representative). False if they gave none:
    the officer then writes or telephones, and the letters app prints the letter."""
    to = customer_address(case)
    if not to:
        return False
    body = render_to_string(
        f"escalation/email/{template}.txt",
        {
            "case": case,
            "customer": case.customer,
            "organisation": case.organisation,
            "ombudsman": ombudsman_route(case=case),
            "site_url": settings.SITE_URL,
            **context,
        },
    )
    notification_queue(
        organisation=case.organisation,
        key=f"{key}:{case.reference}",
        to=to,
        subject=f"{subject}: {case.reference}",
        body=body,
        case=case,
    )
    return True


def officer_email(*, case: Case | None, user, key: str, subject: str, template: str, **context):
    """Queue an email to an officer; nothing if they have no address."""
    if user is None or not user.email:
        return None
    organisation = case.organisation if case is not None else context["organisation"]
    body = render_to_string(
        f"escalation/email/{template}.txt",
        {
            "case": case,
            "officer": user,
            "organisation": organisation,
            "site_url": settings.SITE_URL,
            **context,
        },
    )
    return notification_queue(
        organisation=organisation,
        key=key,
        to=user.email,
        subject=subject,
        body=body,
        case=case,
    )

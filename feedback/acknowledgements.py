"""The acknowledgement email a customer gets with their reference."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Case
from .notifications import notification_queue
from .progress import MAX_AGE_SECONDS, progress_token_make, progress_url


def acknowledgement_queue(*, case: Case, case_is_new: bool = False) -> None:
    """Put the acknowledgement in the outbox, in the caller's transaction (the case's own), so
    a case is never stored without its promised email (feedback.notifications). For a case
    created in this transaction (`case_is_new`) there is no earlier link or email to look for."""
    customer = case.customer
    if customer is None:
        return
    to = case.reply_address
    if not to:
        return
    context = {
        "case": case,
        "customer": customer,
        "organisation": case.organisation,
        "site_url": settings.SITE_URL,
        # The link is tied to the address we write to, like the one the progress page sends.
        "progress_link": progress_url(
            progress_token_make(case=case, email=to, case_is_new=case_is_new)
        ),
        "progress_link_days": MAX_AGE_SECONDS // (24 * 3600),
    }
    notification_queue(
        organisation=case.organisation,
        key=f"ack-email:{case.reference}",
        to=to,
        subject=f"We have received your {case.get_kind_display().lower()}: {case.reference}",
        body=render_to_string("feedback/email/acknowledgement.txt", context),
        case=case,
        key_is_new=case_is_new,
    )

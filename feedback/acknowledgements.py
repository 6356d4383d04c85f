"""The acknowledgement email a customer gets with their reference."""

from django.conf import settings
from django.template import engines
from django.utils import dateformat
from django.utils.timezone import template_localtime

from . import clock, hooks
from .models import Case, Notification, ProgressLink
from .notifications import notification_queue
from .progress import MAX_AGE_SECONDS, progress_link_build, progress_token_make, progress_url


def _ack_address(case: Case) -> str:
    """Where the acknowledgement goes, or "" when there is no one to write to."""
    if case.customer is None:
        return ""
    return case.reply_address


def _day(value) -> str:
    """A date or time as Django's `{{ value|date:"j F Y" }}` prints it (in local time; the
    filter's `formats.date_format` hands a format that is not a setting's name on unchanged)."""
    if value in (None, ""):
        return ""
    return dateformat.format(template_localtime(value), "j F Y")


def _ack_text(case: Case, progress_token: str) -> str:
    """The acknowledgement's text, a Jinja2 template (an app's jinja2/ folder) printing values
    made here: Django's engine took about three times the CPU for it, in every request that
    creates a case (issue 14). Plain text, nothing escaped (the template turns autoescape off)."""
    organisation = case.organisation
    context = {
        "case": case,
        "customer_name": (case.customer.full_name if case.customer else "") or "customer",
        "kind": case.get_kind_display().lower(),
        "received_on": _day(case.received_at),
        "respond_by": _day(case.respond_by),
        # Only a complaint with no deadline yet (which every case_create gives) asks for it.
        "promise": lambda: hooks.public_promise(organisation=organisation or None, at=clock.now()),
        "organisation": organisation,
        "site_url": settings.SITE_URL,
        # The link is tied to the address we write to, like the one the progress page sends.
        "progress_link": progress_url(progress_token),
        "progress_link_days": MAX_AGE_SECONDS // (24 * 3600),
    }
    return engines["jinja2"].get_template("feedback/email/acknowledgement.txt").render(context)


def _ack_email(case: Case, progress_token: str) -> dict:
    return {
        "key": f"ack-email:{case.reference}",
        "subject": f"We have received your {case.get_kind_display().lower()}: {case.reference}",
        "body": _ack_text(case, progress_token),
    }


def acknowledgement_queue(*, case: Case, case_is_new: bool = False) -> None:
    """Put the acknowledgement in the outbox, in the caller's transaction (the case's own), so
    a case is never stored without its promised email (feedback.notifications). For a case
    created in this transaction (`case_is_new`) there is no earlier link or email to look for."""
    to = _ack_address(case)
    if not to:
        return
    token = progress_token_make(case=case, email=to, case_is_new=case_is_new)
    notification_queue(
        organisation=case.organisation,
        to=to,
        case=case,
        key_is_new=case_is_new,
        **_ack_email(case, token),
    )


def acknowledgement_rows(*, case: Case) -> tuple[ProgressLink, Notification] | None:
    """For a case about to be inserted (`case_create`): its progress link and its
    acknowledgement in the outbox, not yet saved, so they go in with the case in one statement
    (feedback.rows); the same rows `acknowledgement_queue(case_is_new=True)` saves one by one
    after it. The caller inserts them in the case's transaction, then hands the outbox row to
    `notification_publish_on_commit`. None when there is no one to write to."""
    to = _ack_address(case)
    if not to:
        return None
    link, token = progress_link_build(case=case, email=to, now=clock.now())
    email = _ack_email(case, token)
    outbox = Notification(organisation=case.organisation, to=to, case=case, **email)
    return link, outbox

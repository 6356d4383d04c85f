"""The customer's link to their case's progress page. A link opens one case for one address
(the customer's, or this case's representative's); only a hash of its token is stored, so it
can be ended: by an officer, by closing or withdrawing the case, by a newer link for the same
case and address, or by time. A reference alone never reveals anything."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from feedback.states import CaseState

from . import clock
from .models import Case, CaseEvent, Notification, ProgressLink
from .notifications import notification_queue
from .services import event_record

MAX_AGE_SECONDS = 7 * 24 * 3600


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def progress_token_make(
    *, case: Case, email: str, now: datetime | None = None, case_is_new: bool = False
) -> str:
    """Issue a link for `case` and `email`; any earlier link for them stops working (a case
    created in this transaction, `case_is_new`, has none to end)."""
    now = now or clock.now()
    address = email.strip().lower()
    if not case_is_new:
        ProgressLink.objects.filter(case=case, email=address, ended_at__isnull=True).update(
            ended_at=now, ended_because=ProgressLink.Ending.REPLACED
        )
    link, token = progress_link_build(case=case, email=address, now=now)
    link.save(force_insert=True)
    return token


def progress_link_build(*, case: Case, email: str, now: datetime) -> tuple[ProgressLink, str]:
    """A new link for `case` and `email`, not yet saved, and its token (shown once, never
    stored). `case_create` inserts it with the case itself (feedback.rows)."""
    token = secrets.token_urlsafe(32)
    link = ProgressLink(
        case=case,
        email=email.strip().lower(),
        token_digest=_digest(token),
        issued_at=now,
        expires_at=now + timedelta(seconds=MAX_AGE_SECONDS),
    )
    return link, token


def _case_addresses(case: Case) -> set[str]:
    customer_email = case.customer.email if case.customer_id else ""
    return {a.lower() for a in (customer_email, case.representative_email) if a}


def progress_case_from_token(token: str, *, now: datetime | None = None) -> Case | None:
    """The case the link was issued for, or None if it is unknown, ended or expired, its case
    anonymised, or its address no longer belongs to the case's customer or this case's
    representative."""
    link = (
        ProgressLink.objects.select_related("case__customer", "case__service")
        .filter(
            token_digest=_digest(token),
            purpose=ProgressLink.Purpose.PROGRESS,
            ended_at__isnull=True,
            case__anonymised_at__isnull=True,
            expires_at__gt=now or clock.now(),
        )
        .first()
    )
    if link is None or link.email not in _case_addresses(link.case):
        return None
    return link.case


def progress_links_end(
    *,
    case: Case,
    because: str,
    actor: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> int:
    """End every live link of the case. An officer's ending is recorded on the timeline."""
    now = now or clock.now()
    ended = ProgressLink.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=now, ended_because=because
    )
    if because == ProgressLink.Ending.OFFICER:
        event_record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Progress links ended ({ended} in use)",
            actor=actor,
            at=now,
        )
    return ended


def progress_links_live(*, case: Case, now: datetime | None = None) -> int:
    return ProgressLink.objects.filter(
        case=case, ended_at__isnull=True, expires_at__gt=now or clock.now()
    ).count()


def progress_events(*, case: Case) -> list[CaseEvent]:
    """The timeline the customer sees. A letter's entry keeps its detail (the document's
    fingerprint) for officers: the customer's page shows no internal identifier."""
    events = list(case.events.filter(is_internal=False).order_by("at", "pk"))
    for event in events:
        if event.kind == CaseEvent.Kind.LETTER:
            event.detail = ""
    return events


def progress_url(token: str) -> str:
    return settings.SITE_URL + reverse("public:progress_case", args=[token])


# How often a link can be emailed for one case and address: a robot repeating the request
# cannot flood the customer's inbox (the outbox key repeats within a window, so nothing is sent).
LINK_WINDOW_SECONDS = 15 * 60


def progress_case_find(*, reference: str, email: str) -> Case | None:
    """The case with this reference whose customer, or whose representative on this case,
    gave this email address."""
    email = email.strip()
    if not email:
        return None
    return (
        Case.objects.select_related("customer", "organisation")
        .filter(reference__iexact=reference.strip(), anonymised_at__isnull=True)
        .filter(Q(customer__email__iexact=email) | Q(representative_email__iexact=email))
        .first()
    )


@transaction.atomic
def progress_link_request(*, reference: str, email: str, now: datetime | None = None) -> bool:
    """Email a progress link if the reference and address match a case. Returns whether they
    matched; callers must not show that to the person asking (the page answers the same)."""
    now = now or clock.now()
    case = progress_case_find(reference=reference, email=email)
    if case is None:
        return False
    address = email.strip().lower()
    window = int(now.timestamp()) // LINK_WINDOW_SECONDS
    digest = hashlib.sha256(address.encode()).hexdigest()[:16]
    key = f"progress-link:{case.reference}:{digest}:{window}"
    if Notification.objects.filter(key=key).exists():
        return True
    token = progress_token_make(case=case, email=address, now=now)
    context = {
        "case": case,
        "organisation": case.organisation,
        "link": progress_url(token),
        "days": MAX_AGE_SECONDS // (24 * 3600),
        "site_url": settings.SITE_URL,
    }
    notification_queue(
        organisation=case.organisation,
        key=key,
        to=address,
        subject=f"Your link to check progress on {case.reference}",
        body=render_to_string("feedback/email/progress_link.txt", context),
        case=case,
    )
    event_record(
        case=case,
        kind=CaseEvent.Kind.EMAIL,
        summary="Progress link emailed at the customer's request",
        actor_label="Customer",
        at=now,
    )
    return True


STAGE_PLAIN_WORDS = {
    CaseState.RECEIVED: "We have received it and are deciding how best to deal with it.",
    CaseState.SERVICE_REQUEST: "We are dealing with it as a request for a service, "
    "not as a complaint. The service concerned is putting it right.",
    CaseState.SERVICE_REQUEST_RESOLVED: "The service has dealt with your request.",
    CaseState.NOT_ACCEPTED: "We cannot deal with it under our complaints procedure. We have "
    "written to you to explain why and what you can do instead.",
    CaseState.FORWARDED: "It is the responsibility of another organisation, so we have passed "
    "it to them and told you who they are.",
    CaseState.STAGE1: "Your complaint is being looked into by the service concerned (stage 1).",
    CaseState.STAGE1_RESPONDED: "We have sent you our answer. If you are not happy with it, "
    "you can ask for it to be reviewed (stage 2).",
    CaseState.STAGE2: "Your complaint is being reviewed by someone who was not involved "
    "before (stage 2).",
    CaseState.STAGE2_RESPONDED: "We have sent you the answer to the review. If you are still "
    "not happy, you can ask the Ombudsman to look at it.",
    CaseState.OMBUDSMAN: "The Ombudsman is looking at your complaint.",
    CaseState.ACKNOWLEDGED: "We have received it and let you know.",
    CaseState.PASSED_TO_SERVICE: "We have passed it on to the service or person concerned.",
    CaseState.CLOSED: "We have finished dealing with it.",
    CaseState.WITHDRAWN: "It was withdrawn, so we have stopped dealing with it.",
}


def stage_plain_words(case: Case) -> str:
    return STAGE_PLAIN_WORDS.get(case.state, "We are dealing with it.")

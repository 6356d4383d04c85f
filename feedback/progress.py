"""The customer's link to their case's progress page: signed, time-limited, tied to the email
address the customer gave, so a reference alone never reveals anything."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from feedback.states import CaseState

from . import clock
from .models import Case, CaseEvent, Notification
from .notifications import notification_queue
from .services import event_record

SALT = "feedback.progress"
MAX_AGE_SECONDS = 7 * 24 * 3600


def progress_token_make(*, case: Case, email: str) -> str:
    return signing.dumps({"case": case.pk, "email": email.lower()}, salt=SALT, compress=True)


def progress_case_from_token(token: str, *, max_age: int = MAX_AGE_SECONDS) -> Case | None:
    """The case the token was made for, or None if it is forged, expired, or its email address
    no longer belongs to the case's customer or representative."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    case = Case.objects.select_related("customer", "service").filter(pk=payload["case"]).first()
    if case is None or case.customer is None:
        return None
    addresses = {a.lower() for a in (case.customer.email, case.customer.representative_email) if a}
    return case if payload["email"] in addresses else None


def progress_url(token: str) -> str:
    return settings.SITE_URL + reverse("public:progress_case", args=[token])


# How often a link can be emailed for one case and address: a robot repeating the request
# cannot flood the customer's inbox (the outbox key repeats within a window, so nothing is sent).
LINK_WINDOW_SECONDS = 15 * 60


def progress_case_find(*, reference: str, email: str) -> Case | None:
    """The case with this reference whose customer or representative gave this email address."""
    email = email.strip()
    if not email:
        return None
    return (
        Case.objects.select_related("customer", "organisation")
        .filter(reference__iexact=reference.strip())
        .filter(Q(customer__email__iexact=email) | Q(customer__representative_email__iexact=email))
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
    token = progress_token_make(case=case, email=address)
    context = {
        "case": case,
        "organisation": case.organisation,
        "link": progress_url(token),
        "days": MAX_AGE_SECONDS // (24 * 3600),
        "site_url": settings.SITE_URL,
    }
    digest = hashlib.sha256(address.encode()).hexdigest()[:16]
    key = f"progress-link:{case.reference}:{digest}:{window}"
    if Notification.objects.filter(key=key).exists():
        return True
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

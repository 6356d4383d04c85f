"""The acknowledgement's text (feedback/jinja2/feedback/email/acknowledgement.txt): every line
as the customer reads it, each branch, and nothing escaped (it is plain text)."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from feedback.acknowledgements import acknowledgement_rows
from feedback.models import Case, Customer, Notification
from feedback.progress import MAX_AGE_SECONDS
from feedback.services import CustomerDetails, case_create

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)  # 1 August in London (BST)


def _acknowledged(organisation, service, channel, *, kind, received_at, **details):
    """The acknowledgement's text of a case made by `case_create` with these details."""
    case = case_create(
        organisation=organisation,
        kind=kind,
        service=service,
        channel=channel,
        summary=f"About the {kind}",
        description="What happened",
        customer_details=CustomerDetails(**details),
        received_at=received_at,
    )
    return case, _body(case)


def _body(case: Case) -> str:
    return Notification.objects.get(key=f"ack-email:{case.reference}").body


def _the_link(body: str) -> str:
    return next(
        line for line in body.splitlines() if "/progress/" in line and "new one" not in line
    )


def test_a_complaints_acknowledgement_word_for_word(organisation, housing, web_form, settings):
    case, body = _acknowledged(
        organisation,
        housing,
        web_form,
        kind="complaint",
        received_at=RECEIVED,
        title="Ms",
        first_name="Ann",
        last_name="O'Brien & <Sons>",
        email="ann@example.com",
    )
    assert case.respond_by is not None
    respond_by = f"{case.respond_by.day} {case.respond_by:%B %Y}"
    assert body == (
        "Dear Ms Ann O'Brien & <Sons>,\n\n"
        "Thank you for your complaint. We received it on 1 August 2026.\n\n"
        f"Your reference is {case.reference}. Please quote it if you contact us about this.\n\n"
        f"Housing will deal with it. We will write to you with a full response by {respond_by}."
        " If we cannot answer in that time, we will tell you why and when you will hear from"
        " us.\n\n"
        "You can see which service is dealing with it and what stage it has reached here:\n\n"
        f"{_the_link(body)}\n\n"
        f"The link works for {MAX_AGE_SECONDS // 86400} days. After that, ask for a new one at "
        f"{settings.SITE_URL}/progress/ with your reference and this email address.\n\n"
        f"{organisation.complaints_team_name}\n"
        f"{organisation.name}\n"
        f"Telephone: {organisation.phone}\n"
        f"Email: {organisation.email}\n\n"
    )
    assert _the_link(body).startswith(f"{settings.SITE_URL}/progress/")


def test_a_complaint_with_no_deadline_yet_is_promised_the_policys_timescale(
    organisation, housing, web_form
):
    """The lifecycle's policy in force (escalation.promises), as the public pages say it."""
    from escalation.promises import promise_at

    customer = Customer.objects.create(organisation=organisation, email="bo@example.com")
    case = Case(
        organisation=organisation,
        reference="CMP-2026-99999",
        kind="complaint",
        service=housing,
        channel=web_form,
        customer=customer,
        received_at=RECEIVED,
        respond_by=None,
    )
    _, outbox = acknowledgement_rows(case=case)
    promise = promise_at(organisation=organisation, at=timezone.now())
    within = f"within {promise.respond}" + (
        f" {promise.respond_from}" if promise.respond_from else ""
    )
    assert outbox.body.startswith("Dear customer,\n\n")
    assert f"Housing will deal with it. We will write to you with a full response {within}. If" in (
        outbox.body
    )


@pytest.mark.parametrize(
    ("kind", "said"), [("comment", "comment or suggestion"), ("compliment", "compliment")]
)
def test_a_comment_or_compliment_is_promised_no_response(
    organisation, housing, web_form, kind, said
):
    case, body = _acknowledged(
        organisation,
        housing,
        web_form,
        kind=kind,
        received_at=timezone.make_aware(datetime(2026, 1, 5, 9, 0)),
        first_name="Cy",
        email="cy@example.com",
    )
    assert f"Thank you for your {said}. We received it on 5 January 2026.\n\n" in body
    assert "Housing will deal with it.\n\nYou can see" in body
    assert "full response" not in body
    assert case.received_at.date() == date(2026, 1, 5)

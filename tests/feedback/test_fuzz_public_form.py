"""Hypothesis over the public form's steps, on PostgreSQL (issue 13): whatever a person or a
robot types into any box (NUL, control and right-to-left characters, astral-plane text, huge
values), no page answers 500 and no case is half-saved: the form either stores exactly one
complete case or none. Bounded (max_examples) so the suite stays fast."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from feedback.models import Case, CaseEvent, Customer, Notification
from tests.feedback.public_helpers import COMPLAINT, step_url
from tests.fuzz import nasty_text

pytestmark = [pytest.mark.postgres]

# (step, field) pairs the fuzzer may replace; every other answer stays valid.
FIELDS = [
    ("kind", "kind"),
    ("service", "service"),
    *[("details", name) for name in COMPLAINT["details"]],
    ("outcome", "outcome_wanted"),
    ("representative", "acting_for"),
    ("representative", "representative_name"),
    ("representative", "representative_email"),
    *[("contact", name) for name in COMPLAINT["contact"]],
    *[("needs", name) for name in COMPLAINT["needs"]],
    ("needs", "preferred_language"),
]


@pytest.fixture
def fuzz_ready(housing, settings):
    if connection.vendor != "postgresql":
        pytest.skip("fuzzing runs on PostgreSQL (NUL and encodings differ on SQLite)")
    settings.SPAM_MIN_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    return housing


@given(changes=st.dictionaries(st.sampled_from(FIELDS), nasty_text(), min_size=1, max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_answer_gives_a_server_error_or_a_half_saved_case(fuzz_ready, changes):
    client = Client()  # a fresh session each time; the test client re-raises any exception
    answers = {"service": {"service": str(fuzz_ready.pk)}}
    answers |= {step: {k: str(v) for k, v in data.items()} for step, data in COMPLAINT.items()}
    for (step, field), value in changes.items():
        answers.setdefault(step, {})[field] = value
    cases_before = Case.objects.count()

    client.get(reverse("public:new"))
    url = step_url("kind")
    while url != reverse("public:check"):
        step = url.split("?")[0].rstrip("/").split("/")[-1]
        data = {"action": "continue"} if step == "attachments" else answers.get(step, {})
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400), (step, response.status_code)
        if response.status_code != 302:  # the page said what to fix: nothing is stored
            assert Case.objects.count() == cases_before
            event(f"refused at {step}")
            return
        url = response["Location"]
        if not url.startswith("/feedback/"):
            return  # sent back to the start (a kind or service that does not exist)

    page = client.get(reverse("public:check"))
    assert page.status_code in (200, 302)
    if page.status_code != 200:
        return
    token = page.context["form"].initial["submit_token"]
    started = page.context["form"].initial["started"]
    response = client.post(
        reverse("public:check"), {"submit_token": token, "started": started, "website": ""}
    )
    assert response.status_code in (302, 400, 503)
    if response.status_code != 302:
        assert Case.objects.count() == cases_before
        return
    event("stored")
    case = Case.objects.get(idempotency_key=token)
    assert Case.objects.count() == cases_before + 1
    # Complete: its customer, its first timeline entry and its acknowledgement in the outbox.
    assert case.events.filter(kind=CaseEvent.Kind.RECEIVED).count() == 1
    assert Customer.objects.filter(pk=case.customer_id).exists()
    if case.customer.email:
        assert Notification.objects.filter(key=f"ack-email:{case.reference}").exists()
    assert client.get(reverse("public:confirmation")).status_code == 200

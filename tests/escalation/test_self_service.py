"""The customer's own actions from the progress page: Stage 2 within the window, the
explanation outside it, and withdrawal."""

import pytest
import time_machine
from django.urls import reverse

from feedback.models import Case, CaseEvent, Notification
from feedback.progress import progress_token_make
from tests.escalation.conftest import at
from tests.escalation.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def responded(complaint_create, complaints_officer, housing_officer, housing_manager, letter_sent):
    """Stage 1 answered on Tue 5 Jan 2027: the customer may ask for Stage 2 until 2 February."""
    case = complaint_create(received_at=at(2026, 12, 21))
    Case.objects.filter(pk=case.pk).update(assigned_to=housing_officer)
    case.refresh_from_db()
    advance(
        case,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_officer,
        reviewer=housing_manager,
        letter_sent=letter_sent,
        now=at(2027, 1, 5),
    )
    return case


def token_for(case):
    return progress_token_make(case=case, email=case.customer.email)


def render_actions(case, token):
    from django.template import Context, Template

    return Template("{% include 'escalation/public/progress_actions.html' %}").render(
        Context({"case": case, "token": token})
    )


def test_inside_the_window_the_customer_asks_for_stage2(client, responded, housing_manager):
    with time_machine.travel(at(2027, 1, 20), tick=False):
        token = token_for(responded)  # links last 7 days
        assert "until <strong>Tuesday 2 February 2027" in render_actions(responded, token)
        url = reverse("progress_actions:stage2_request", args=[token])
        page = client.get(url)
        assert page.status_code == 200
        assert page["Cache-Control"] == "no-store, private"
        empty = client.post(url, {"reason": ""})
        assert empty.status_code == 400
        assert "Enter why you are unhappy with our response" in empty.text
        response = client.post(url, {"reason": "You did not answer my second point"})
    assert response.status_code == 302
    case = Case.objects.get(pk=responded.pk)
    assert case.state == "stage2"
    stage2 = case.stages.get(stage=2)
    assert stage2.request_reason == "You did not answer my second point"
    assert case.respond_by == stage2.response_due
    assert Notification.objects.filter(key=f"stage2-acknowledged:{case.reference}").exists()
    # The Stage 1 handler may not review: the service manager is told and picks a reviewer.
    assert case.assigned_to is None
    assert Notification.objects.filter(
        key=f"stage2-requested:{case.reference}:{housing_manager.pk}"
    ).exists()
    event = case.events.get(kind=CaseEvent.Kind.TRANSITION, to_state="stage2")
    assert (event.actor_label, event.is_internal) == ("Customer", False)


def test_outside_the_window_the_customer_is_told_what_they_can_do(client, responded):
    with time_machine.travel(at(2027, 2, 3), tick=False):
        token = token_for(responded)
        html = render_actions(responded, token)
        assert "ended on 2 February 2027" in html
        assert "Housing Ombudsman Service" in html
        page = client.get(reverse("progress_actions:stage2_request", args=[token]))
        assert "ended on Tuesday 2 February 2027" in page.text
        assert "0300 111 3000" in page.text
        client.post(reverse("progress_actions:stage2_request", args=[token]), {"reason": "Late"})
    assert Case.objects.get(pk=responded.pk).state == "stage1_responded"


def test_a_bad_token_shows_nothing(client, responded):
    for name in ("stage2_request", "withdraw"):
        response = client.get(reverse(f"progress_actions:{name}", args=["forged-token"]))
        assert response.status_code == 404
        assert responded.reference not in response.text


def test_the_customer_withdraws_with_confirmation(client, complaint_create, complaints_officer):
    from escalation.services import case_transition

    case = complaint_create(received_at=at(2027, 1, 4))
    case_transition(case=case, name="triage_complaint", user=complaints_officer)
    token = token_for(case)
    assert "Withdraw your complaint" in render_actions(case, token)
    url = reverse("progress_actions:withdraw", args=[token])
    unconfirmed = client.post(url, {"reason": "Sorted"})
    assert unconfirmed.status_code == 400
    assert "Confirm that you want to withdraw your complaint" in unconfirmed.text
    assert Case.objects.get(pk=case.pk).state == "stage1"
    response = client.post(url, {"confirm": "true", "reason": "It is sorted now"})
    assert response.status_code == 200
    assert "Your complaint is withdrawn" in response.text
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert case.closed_at is not None
    assert Notification.objects.filter(key=f"withdrawn:{case.reference}").exists()
    # Withdrawing ends the progress links (issue 12): the same link no longer opens anything.
    assert client.get(url).status_code == 404
    again = client.get(reverse("progress_actions:withdraw", args=[token_for(case)]))
    assert "This cannot be withdrawn" in again.text

"""Officer pages of the lifecycle: the case panel, transition forms, response and extension.
Each checks the allowed officer, a colleague outside the service, and the public."""

from datetime import date

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from feedback.models import Case, Notification
from tests.escalation.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(2027, 1, 5), tick=False):
        yield


@pytest.fixture
def received(complaint_create):
    return complaint_create(received_at=at(2027, 1, 4))


@pytest.fixture
def in_stage1(received, complaints_officer):
    from escalation.services import case_transition

    case_transition(case=received, name="triage_complaint", user=complaints_officer)
    return received


def panel_buttons(client, case):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = client.user
    # The case page shows the next step (its actions) at the top and the stages below.
    html = Template(
        "{% include 'escalation/officer/next_step.html' %}"
        "{% include 'escalation/officer/case_panel.html' %}"
    ).render(Context({"case": case, "request": request}))
    soup = BeautifulSoup(html, "html.parser")
    return {a.get_text(strip=True) for a in soup.select("a.govuk-button")}, soup


class Login:
    def __init__(self, client, user):
        client.force_login(user)
        self.client, self.user = client, user


def test_the_panel_shows_exactly_what_the_officer_may_do(
    client, received, complaints_officer, housing_officer
):
    buttons, _ = panel_buttons(Login(client, complaints_officer), received)
    assert buttons == {
        "Accept as a Stage 1 complaint",
        "Resolved at first contact",
        "Pass to the service as a service request",
        "Not accepted as a complaint",
        "Forward to another organisation",
        "Withdrawn by the customer",
    }
    buttons, soup = panel_buttons(Login(client, housing_officer), received)
    assert buttons == {"Withdrawn by the customer"}
    assert "14 January 2027" not in soup.text  # received 4 Jan: due 25 Jan
    assert "25 January 2027" in soup.text


def test_the_panel_says_what_is_missing_before_the_response(client, in_stage1, housing_officer):
    buttons, soup = panel_buttons(Login(client, housing_officer), in_stage1)
    assert "Record Stage 1 response as sent" not in buttons
    assert "Record the Stage 1 response first" in soup.text
    assert soup.find("a", string="Extend the deadline")


def test_an_officer_accepts_a_complaint_through_the_form(client, received, complaints_officer):
    client.force_login(complaints_officer)
    url = reverse("escalation:transition", args=[received.reference, "triage_complaint"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Accept as a Stage 1 complaint" in page.text
    response = client.post(url, {"reason": "A clear complaint"})
    assert response.status_code == 302
    assert Case.objects.get(pk=received.pk).state == "stage1"


def test_a_missing_field_shows_the_error_summary_and_keeps_what_was_typed(
    client, received, complaints_officer
):
    client.force_login(complaints_officer)
    url = reverse("escalation:transition", args=[received.reference, "triage_forward"])
    response = client.post(url, {"reason": "Not ours, it is the water company's"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert "Enter the organisation it was forwarded to" in summary.text
    assert summary.find("a")["href"] == "#id_forwarded_to"
    assert "Not ours, it is the water company&#x27;s" in response.text or (
        "Not ours, it is the water company's" in soup.find("textarea").text
    )
    assert Case.objects.get(pk=received.pk).state == "received"


def test_the_loser_of_a_race_is_told_clearly(client, received, complaints_officer):
    from escalation.services import case_transition

    client.force_login(complaints_officer)
    url = reverse("escalation:transition", args=[received.reference, "triage_complaint"])
    client.get(url)
    case_transition(
        case=received,
        name="triage_service_request",
        user=complaints_officer,
        reason="Colleague got there first",
    )
    response = client.post(url, {"reason": "Complaint"})
    assert response.status_code == 409
    assert "not possible now" in response.text
    assert Case.objects.get(pk=received.pk).state == "service_request"


def test_a_colleague_outside_the_service_gets_404(client, received, planning_officer):
    client.force_login(planning_officer)
    for url in (
        reverse("escalation:transition", args=[received.reference, "withdraw"]),
        reverse("escalation:case", args=[received.reference]),
        reverse("escalation:extend", args=[received.reference]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert Case.objects.get(pk=received.pk).state == "received"


def test_a_committee_member_gets_403(client, received, committee_member):
    client.force_login(committee_member)
    url = reverse("escalation:transition", args=[received.reference, "withdraw"])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_the_public_is_sent_to_sign_in(client, received):
    url = reverse("escalation:transition", args=[received.reference, "withdraw"])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert Case.objects.get(pk=received.pk).state == "received"


def test_an_officer_without_the_role_is_refused_on_post(client, received, housing_officer):
    client.force_login(housing_officer)
    url = reverse("escalation:transition", args=[received.reference, "triage_complaint"])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 403
    assert "not allowed" in response.text
    assert Case.objects.get(pk=received.pk).state == "received"


def test_extending_the_deadline_within_the_policy(client, in_stage1, housing_officer):
    client.force_login(housing_officer)
    url = reverse("escalation:extend", args=[in_stage1.reference])
    page = client.get(url)
    # Due 25 January; the seed policy allows 10 more working days: 8 February.
    assert "8 February 2027" in page.text
    too_far = client.post(
        url,
        {
            "new_due_day": "9",
            "new_due_month": "2",
            "new_due_year": "2027",
            "reason": "Waiting for records",
        },
    )
    assert too_far.status_code == 400
    assert "at the latest" in too_far.text
    response = client.post(
        url,
        {
            "new_due_day": "5",
            "new_due_month": "2",
            "new_due_year": "2027",
            "reason": "Waiting for records",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=in_stage1.pk).respond_by == date(2027, 2, 5)
    email = Notification.objects.get(key=f"extension:1:1:{in_stage1.reference}")
    assert "5 February 2027" in email.body
    assert "Waiting for records" in email.body
    assert "Housing Ombudsman" in email.body


def test_a_complaint_raised_from_an_open_service_request(client, received, complaints_officer):
    from escalation.services import case_transition

    case_transition(
        case=received, name="triage_service_request", user=complaints_officer, reason="Missed bin"
    )
    client.force_login(complaints_officer)
    url = reverse("escalation:complaint_from_service_request", args=[received.reference])
    response = client.post(url, {"summary": "Still not collected", "description": "Twice more"})
    assert response.status_code == 302
    complaint = Case.objects.exclude(pk=received.pk).get()
    assert complaint.related_case == received
    assert complaint.state == "stage1"
    assert Case.objects.get(pk=received.pk).state == "service_request"


def test_the_officer_case_page_includes_the_panel(client, received, complaints_officer):
    client.force_login(complaints_officer)
    page = client.get(reverse("officer:case_detail", args=[received.reference]))
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find(id="lifecycle-heading").find_parent("section") is not None
    # The actions sit in the next step at the top of the page, above the stages.
    next_step = soup.find(id="next-step")
    assert next_step.find("a", string="Accept as a Stage 1 complaint")["href"] == reverse(
        "escalation:transition", args=[received.reference, "triage_complaint"]
    )
    assert page.text.index('id="next-step"') < page.text.index('id="lifecycle-heading"')


def test_an_empty_extension_says_what_to_enter(client, in_stage1, housing_officer):
    client.force_login(housing_officer)
    response = client.post(reverse("escalation:extend", args=[in_stage1.reference]), {})
    assert response.status_code == 400
    summary = BeautifulSoup(response.text, "html.parser").select_one(".govuk-error-summary")
    assert "Enter the new deadline" in summary.text
    assert summary.find("a")["href"] == "#id_new_due_day"
    assert "This field is required" not in response.text


def test_steps_that_never_apply_to_this_kind_are_not_listed(
    client, complaints_officer, complaint_create
):
    comment = complaint_create(kind="comment", received_at=at(2027, 1, 4))
    buttons, soup = panel_buttons(Login(client, complaints_officer), comment)
    assert "Accept as a Stage 1 complaint" not in buttons
    assert "Acknowledge" in " ".join(buttons)  # its own lifecycle is offered
    assert "Only a complaint is triaged this way" not in soup.text
    received = complaint_create(received_at=at(2027, 1, 4))
    _, soup = panel_buttons(Login(client, complaints_officer), received)
    assert "Only a comment or a compliment" not in soup.text


def test_the_officer_timeline_has_one_entry_per_step(client, received, complaints_officer):
    from escalation.services import case_transition
    from feedback.models import CaseEvent
    from feedback.selectors import case_timeline

    case_transition(
        case=received, name="triage_complaint", user=complaints_officer, reason="About the bins"
    )
    # Two rows are stored: the audit entry and the customer's milestone.
    assert CaseEvent.objects.filter(case=received, summary__startswith="Accepted").count() == 2
    entries = [e for e in case_timeline(case=received) if e.summary.startswith("Accepted")]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == complaints_officer
    assert entry.detail == "About the bins"
    assert entry.customer_sees is True
    client.force_login(complaints_officer)
    page = client.get(reverse("officer:case_detail", args=[received.reference])).text
    timeline = BeautifulSoup(page, "html.parser").find(id="timeline")
    headings = [h.get_text(strip=True) for h in timeline.find_all("h3")]
    assert headings.count(entry.summary) == 1

"""The Stage 1/2 response page: the response with any number of remedies and outstanding
actions ("Add another", with and without JavaScript), errors that keep every row, one
transaction."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from escalation.models import CaseStage, OutstandingAction, Remedy
from escalation.responses import RemedyInput, stage_response_record
from feedback.models import CaseEvent
from tests.escalation.conftest import at

pytestmark = pytest.mark.django_db

REMEDIES = [
    {"kind": "apology", "description": "A written apology from the head of service"},
    {"kind": "explanation", "description": "Why the round was missed"},
    {"kind": "financial", "description": "Refund of the garden waste fee", "amount": "45.00"},
    {"kind": "action", "description": "Collect the bins this week"},
]
ACTIONS = [
    {"description": "Retrain the crew", "due": (1, 2, 2027)},
    {"description": "Add Elm Road to the round sheet", "due": (15, 2, 2027)},
    {"description": "Check the route for a month", "due": (1, 3, 2027)},
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(2027, 1, 5), tick=False):
        yield


@pytest.fixture
def in_stage1(complaint_create, complaints_officer):
    from escalation.services import case_transition

    case = complaint_create(received_at=at(2027, 1, 4))
    case_transition(case=case, name="triage_complaint", user=complaints_officer)
    return case


@pytest.fixture
def url(in_stage1):
    return reverse("escalation:response", args=[in_stage1.reference])


def response_data(*, remedies=(), actions=(), owner=None, **main) -> dict:
    """The POST of the response page: the response and its rows as the formsets name them."""
    data = {
        "complaint_understood": "Bins missed three weeks",
        "outcome": "upheld",
        "outcome_reasons": "The crew skipped the road",
        "lessons_learned": "Check new roads are on the round",
        "remedies-TOTAL_FORMS": str(len(remedies)),
        "remedies-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": "0",
        **main,
    }
    for i, remedy in enumerate(remedies):
        data |= {f"remedies-{i}-{name}": value for name, value in remedy.items()}
    for i, action in enumerate(actions):
        row = dict(action)
        day, month, year = row.pop("due", ("", "", ""))
        row |= {"due_day": day, "due_month": month, "due_year": year}
        row.setdefault("owner", owner.pk if owner else "")
        data |= {f"actions-{i}-{name}": value for name, value in row.items()}
    return data


def field_values(html: str) -> dict:
    """name → what the page shows in that field (the selected option of a select, the text of
    a textarea, the checked radio)."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("#main-form")
    values = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            values[name] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            values[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                values[name] = field["value"]
        else:
            values[name] = field.get("value", "")
    return values


def test_a_response_with_four_remedies_and_three_actions_is_saved(
    client, in_stage1, url, housing_officer, housing_manager
):
    client.force_login(housing_officer)
    response = client.post(
        url, response_data(remedies=REMEDIES, actions=ACTIONS, owner=housing_manager)
    )
    assert response.status_code == 302
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert stage.outcome == "upheld"
    assert [(r.kind, r.description, r.amount) for r in stage.remedies.order_by("pk")] == [
        ("apology", "A written apology from the head of service", None),
        ("explanation", "Why the round was missed", None),
        ("financial", "Refund of the garden waste fee", Decimal("45.00")),
        ("action", "Collect the bins this week", None),
    ]
    assert [(a.description, a.owner, a.due_date) for a in stage.actions.order_by("pk")] == [
        ("Retrain the crew", housing_manager, date(2027, 2, 1)),
        ("Add Elm Road to the round sheet", housing_manager, date(2027, 2, 15)),
        ("Check the route for a month", housing_manager, date(2027, 3, 1)),
    ]
    assert CaseEvent.objects.filter(case=in_stage1, summary__contains="response recorded").exists()


def test_blank_rows_are_ignored_wherever_they_are(
    client, in_stage1, url, housing_officer, housing_manager
):
    client.force_login(housing_officer)
    remedies = [REMEDIES[0], {"kind": "", "description": ""}, REMEDIES[1]]
    actions = [{"description": "", "owner": ""}, ACTIONS[0]]
    data = response_data(remedies=remedies, actions=actions, owner=housing_manager)
    assert client.post(url, data).status_code == 302
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert stage.remedies.count() == 2
    assert stage.actions.get().description == "Retrain the crew"


def test_an_invalid_row_keeps_every_row_typed_and_shows_the_error_summary(
    client, in_stage1, url, housing_officer, housing_manager
):
    client.force_login(housing_officer)
    remedies = [*REMEDIES[:2], {**REMEDIES[2], "amount": ""}, REMEDIES[3]]
    actions = [*ACTIONS[:2], {**ACTIONS[2], "owner": ""}]
    data = response_data(remedies=remedies, actions=actions, owner=housing_manager)
    response = client.post(url, data)

    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.title.text.startswith("Error:")
    summary = soup.select_one(".govuk-error-summary")
    links = {a.text.strip(): a["href"] for a in summary.select("a")}
    assert links == {
        "Enter the amount of financial redress for remedy 3": "#id_remedies-2-amount",
        "Choose who will do action 3": "#id_actions-2-owner",
    }
    assert soup.select_one("#id_remedies-2-amount-error")  # the message by the field too
    shown = field_values(response.text)
    for name, value in data.items():
        if "INITIAL_FORMS" not in name:
            assert str(shown[name]) == str(value), name
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert stage.outcome == ""
    assert not stage.remedies.exists()
    assert not stage.actions.exists()


def test_add_another_gives_one_more_empty_row_and_keeps_what_was_typed(
    client, in_stage1, url, housing_officer, housing_manager
):
    """Without JavaScript the button posts the form: no error yet, nothing saved."""
    client.force_login(housing_officer)
    data = response_data(remedies=REMEDIES[:2], actions=ACTIONS[:1], owner=housing_manager)
    response = client.post(url, {**data, "outcome_reasons": "", "add": "remedies"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert not soup.select(".govuk-error-summary, .govuk-error-message")
    shown = field_values(response.text)
    assert shown["remedies-TOTAL_FORMS"] == "3"
    assert shown["actions-TOTAL_FORMS"] == "1"
    for name, value in data.items():
        if "FORMS" not in name and name != "outcome_reasons":
            assert str(shown[name]) == str(value), name
    assert shown["remedies-2-kind"] == shown["remedies-2-description"] == ""
    assert soup.select_one("#remedy-3 #id_remedies-2-kind")
    # The next press of the button lands on the row after: the fragment scrolls to it.
    add = soup.select_one("button[name=add][value=remedies]")
    assert add["formaction"] == "#remedy-4"
    assert not Remedy.objects.exists()

    # The officer fills the new row and saves: three remedies.
    data = {key: value for key, value in shown.items() if key != "add"}
    data |= {
        "remedies-2-kind": "apology",
        "remedies-2-description": "Sorry",
        "outcome_reasons": "X",
    }
    assert client.post(url, data).status_code == 302
    assert CaseStage.objects.get(case=in_stage1, stage=1).remedies.count() == 3


def test_the_page_shows_every_remedy_and_action_already_recorded(
    client, in_stage1, url, housing_officer, housing_manager
):
    client.force_login(housing_officer)
    client.post(url, response_data(remedies=REMEDIES, actions=ACTIONS, owner=housing_manager))
    shown = field_values(client.get(url).text)
    assert shown["remedies-TOTAL_FORMS"] == "4"
    assert shown["remedies-3-description"] == "Collect the bins this week"
    assert shown["remedies-2-amount"] == "45.00"
    assert shown["actions-TOTAL_FORMS"] == "3"
    assert (shown["actions-2-due_day"], shown["actions-2-due_month"]) == ("1", "3")
    assert shown["actions-2-owner"] == str(housing_manager.pk)

    # Saving the page as shown changes nothing.
    assert client.post(url, shown).status_code == 302
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert (stage.remedies.count(), stage.actions.count()) == (4, 3)


def test_a_response_is_never_half_saved(
    client, in_stage1, url, housing_officer, housing_manager, monkeypatch
):
    stage_response_record(
        case=in_stage1,
        user=housing_officer,
        complaint_understood="First version",
        outcome="not_upheld",
        outcome_reasons="First reasons",
        remedies=[RemedyInput(kind="apology", description="Sorry")],
    )

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(OutstandingAction.objects, "bulk_create", broken)
    client.force_login(housing_officer)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(url, response_data(remedies=REMEDIES, actions=ACTIONS, owner=housing_manager))
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert (stage.complaint_understood, stage.outcome) == ("First version", "not_upheld")
    assert list(stage.remedies.values_list("description", flat=True)) == ["Sorry"]


def test_more_rows_than_the_limit_are_refused_with_a_message(
    client, in_stage1, url, housing_officer
):
    client.force_login(housing_officer)
    response = client.post(url, response_data(remedies=[REMEDIES[0]] * 31))
    assert response.status_code == 400
    summary = BeautifulSoup(response.text, "html.parser").select_one(".govuk-error-summary")
    assert "Record at most 30 remedies" in summary.text
    assert not Remedy.objects.exists()


def test_a_colleague_outside_the_service_gets_404(client, in_stage1, url, planning_officer):
    client.force_login(planning_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, response_data(remedies=REMEDIES)).status_code == 404
    assert not Remedy.objects.exists()


def test_the_stage2_response_page_shows_what_was_asked_and_the_stage1_decision(
    client, in_stage1, housing_officer, housing_manager, complaints_manager, letter_sent
):
    from escalation.services import case_transition

    client.force_login(housing_officer)
    client.post(
        reverse("escalation:response", args=[in_stage1.reference]),
        response_data(actions=ACTIONS[:1], owner=housing_manager),
    )
    letter_sent(in_stage1, 1)
    case_transition(case=in_stage1, name="stage1_respond", user=housing_officer)
    case_transition(
        case=in_stage1,
        name="stage2_escalate",
        user=complaints_manager,
        data={"request_reason": "The crew still skip the road"},
    )
    client.force_login(complaints_manager)
    page = client.get(reverse("escalation:response", args=[in_stage1.reference])).text
    soup = BeautifulSoup(page, "html.parser")
    asked = soup.find(id="what-was-asked").get_text(" ", strip=True)
    assert "Three weeks running the bins were missed." in asked
    assert "The crew still skip the road" in asked
    previous = soup.find(id="previous-stage").get_text(" ", strip=True)
    assert "Upheld" in previous
    assert "The crew skipped the road" in previous
    assert "Retrain the crew" in previous
    assert "Still open" in previous

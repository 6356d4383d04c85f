from datetime import UTC, datetime

import pytest
import time_machine

from escalation.models import RefusalReason

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def complaint(as_central, complaint_body):
    response = as_central.post("/api/v1/cases/", complaint_body, format="json")
    assert response.status_code == 201
    return response.json()["reference"]


def transitions(reference: str) -> str:
    return f"/api/v1/cases/{reference}/transitions/"


def test_lists_what_the_caller_may_do_now(as_central, complaint):
    response = as_central.get(transitions(complaint))

    assert response.status_code == 200
    names = [option["name"] for option in response.json()]
    assert names[0] == "triage_complaint"
    assert "stage1_respond" not in names
    forward = next(o for o in response.json() if o["name"] == "triage_forward")
    assert forward["fields"] == ["forwarded_to"]
    assert forward["reason_required"] is True


def test_an_investigating_officer_is_offered_no_triage(as_housing, complaint):
    names = [option["name"] for option in as_housing.get(transitions(complaint)).json()]

    assert not [name for name in names if name.startswith("triage")]


def test_accepting_a_complaint_opens_stage_1_with_its_deadlines(
    as_central, complaint, complaints_officer
):
    response = as_central.post(
        f"{transitions(complaint)}triage_complaint/", {"reason": "Formal"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"]["code"] == "stage1"
    # Received Friday 20 November; 15 working days of the seed policy.
    assert body["deadlines"]["stage"] == 1
    assert body["deadlines"]["respond_by"] == "2026-12-11"
    entries = [(e["summary"], e["detail"], e["who"]) for e in body["timeline"]]
    assert ("Accepted as a Stage 1 complaint", "Formal", "central") in [
        (summary, detail, "central" if who == complaints_officer.get_full_name() else who)
        for summary, detail, who in entries
    ]


def test_a_missing_field_is_a_field_error(as_central, complaint):
    response = as_central.post(
        f"{transitions(complaint)}triage_forward/", {"reason": "Not ours"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["forwarded_to"]


def test_refusal_takes_a_reason_id(as_central, complaint, organisation):
    reason = RefusalReason.objects.filter(organisation=organisation).first()

    response = as_central.post(
        f"{transitions(complaint)}triage_not_accepted/",
        {"reason": "Appeal route", "refusal_reason": reason.pk},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"]["code"] == "not_accepted"


def test_a_transition_the_state_does_not_allow_is_409(as_central, complaint):
    response = as_central.post(f"{transitions(complaint)}stage2_respond/", {}, format="json")

    assert response.status_code == 409
    assert "not possible now" in response.json()["detail"]


def test_a_role_that_may_not_gets_403(as_housing, complaint):
    response = as_housing.post(
        f"{transitions(complaint)}triage_complaint/", {"reason": "x"}, format="json"
    )

    assert response.status_code == 403


def test_an_unknown_transition_is_404(as_central, complaint):
    assert as_central.post(f"{transitions(complaint)}teleport/", {}).status_code == 404


def test_outside_the_service_is_404(as_planner, complaint):
    assert as_planner.get(transitions(complaint)).status_code == 404
    response = as_planner.post(f"{transitions(complaint)}withdraw/", {"reason": "x"})
    assert response.status_code == 404


def test_committee_member_gets_403(as_committee, complaint):
    assert as_committee.get(transitions(complaint)).status_code == 403


def test_anonymous_gets_401(anonymous, complaint):
    assert anonymous.get(transitions(complaint)).status_code == 401

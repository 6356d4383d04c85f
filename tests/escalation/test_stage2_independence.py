"""Stage 2 is someone else's review, one officer wins a race for it, and a refusal after the
window names the Ombudsman (issue 11's defects)."""

import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from escalation.models import CaseStage
from escalation.responses import stage_response_record
from escalation.services import case_transition
from feedback.models import Case, CaseEvent
from feedback.transitions import TransitionConflict, TransitionNotPermitted
from letters.models import LetterKind
from letters.services import LetterError, letter_draft_create
from tests.escalation.conftest import at
from tests.escalation.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_by_the_manager(
    complaint_create, complaints_officer, housing_officer, housing_manager, letter_sent
):
    """A complaint given to the housing officer at triage whose Stage 1 the service manager
    answered (recorded the response, sent it), now at Stage 2."""
    case = complaint_create(received_at=at(2026, 12, 21))
    Case.objects.filter(pk=case.pk).update(assigned_to=housing_officer)
    case.refresh_from_db()
    advance(
        case,
        "stage2",
        officer=complaints_officer,
        investigator=housing_manager,
        reviewer=None,
        letter_sent=letter_sent,
        now=at(2026, 12, 22),
    )
    return case


def test_stage1_records_who_answered_it(answered_by_the_manager, housing_officer, housing_manager):
    stage1 = CaseStage.objects.get(case=answered_by_the_manager, stage=1)
    assert stage1.handler == housing_officer
    assert stage1.response_recorded_by == housing_manager
    assert stage1.responded_by == housing_manager


def test_whoever_answered_stage1_may_take_no_stage2_step(
    answered_by_the_manager, housing_manager, complaints_manager, letter_sent
):
    case = answered_by_the_manager
    respond = dict(
        complaint_understood="The bins", outcome="not_upheld", outcome_reasons="Collected"
    )
    with pytest.raises(TransitionNotPermitted, match="someone other than"):
        stage_response_record(case=case, user=housing_manager, **respond)
    with pytest.raises(LetterError, match="someone other than"):
        letter_draft_create(case=case, kind=LetterKind.STAGE2_RESPONSE, user=housing_manager)
    stage_response_record(case=case, user=complaints_manager, **respond)
    letter_sent(case, 2)
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionNotPermitted):
        case_transition(case=case, name="stage2_respond", user=housing_manager)
    assert Case.objects.get(pk=case.pk).state == "stage2"
    assert CaseEvent.objects.filter(case=case).count() == events
    case_transition(case=case, name="stage2_respond", user=complaints_manager)
    assert Case.objects.get(pk=case.pk).state == "stage2_responded"


def test_the_stage2_reviewer_named_at_escalation_cannot_be_a_stage1_answerer(
    complaint_create, complaints_officer, housing_manager, letter_sent
):
    from feedback.transitions import TransitionInvalid

    case = complaint_create(received_at=at(2026, 12, 21))
    advance(
        case,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_manager,
        reviewer=None,
        letter_sent=letter_sent,
        now=at(2026, 12, 22),
    )
    with pytest.raises(TransitionInvalid) as refused:
        case_transition(
            case=case,
            name="stage2_escalate",
            user=complaints_officer,
            data={"request_reason": "Unhappy", "handler": housing_manager.pk},
        )
    assert "handler" in refused.value.field_errors


@pytest.fixture
def responded(complaint_create, complaints_officer, housing_officer, housing_manager, letter_sent):
    case = complaint_create(received_at=at(2026, 12, 21))
    return advance(
        case,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_officer,
        reviewer=housing_manager,
        letter_sent=letter_sent,
        now=at(2026, 12, 22),
    )


def test_the_second_of_two_officers_escalating_is_told_someone_acted_first(
    responded, complaints_officer, complaints_manager
):
    first = Case.objects.get(pk=responded.pk)
    second = Case.objects.get(pk=responded.pk)
    case_transition(
        case=first,
        name="stage2_escalate",
        user=complaints_officer,
        data={"request_reason": "Phoned in"},
    )
    events = CaseEvent.objects.filter(case=responded).count()
    with pytest.raises(TransitionConflict, match="Someone else changed"):
        case_transition(
            case=second,
            name="stage2_escalate",
            user=complaints_manager,
            data={"request_reason": "Wrote in"},
        )
    assert second.state == "stage2"  # reloaded, as the refusal says
    assert CaseStage.objects.filter(case=responded, stage=2).count() == 1
    assert CaseEvent.objects.filter(case=responded).count() == events


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_escalating_at_the_same_moment_one_wins_one_is_refused(
    complaint_create, complaints_officer, complaints_manager, housing_officer, housing_manager
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    from letters.models import Letter, LetterTemplate

    case = complaint_create(received_at=at(2026, 12, 21))
    template, _ = LetterTemplate.objects.get_or_create(
        organisation=case.organisation,
        kind=LetterKind.STAGE1_RESPONSE,
        version=1,
        defaults={"subject": "Response", "body": "x"},
    )

    def sent(case, stage):
        Letter.objects.create(
            organisation=case.organisation,
            case=case,
            kind=LetterKind.STAGE1_RESPONSE,
            stage=1,
            template=template,
            status=Letter.Status.SENT,
        )

    advance(
        case,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_officer,
        reviewer=housing_manager,
        letter_sent=sent,
        now=at(2026, 12, 22),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def escalate(user):
        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait()
            case_transition(
                case=mine,
                name="stage2_escalate",
                user=user,
                data={"request_reason": "Asked"},
                now=at(2026, 12, 23),
            )
            outcomes.append("done")
        except TransitionConflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=escalate, args=(user,))
        for user in (complaints_officer, complaints_manager)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["conflict", "done"]
    assert CaseStage.objects.filter(case=case, stage=2).count() == 1


def _after_the_window(case):
    until = case.stages.get(stage=1).escalation_until
    return time_machine.travel(at(until.year, until.month, until.day + 1), tick=False)


def test_a_late_stage2_request_names_the_ombudsman_on_the_officer_page(
    client, responded, complaints_officer
):
    url = reverse("escalation:transition", args=[responded.reference, "stage2_escalate"])
    with _after_the_window(responded):
        client.force_login(complaints_officer)
        response = client.post(url, {"reason": "", "request_reason": "Late"})
    text = response.content.decode()
    assert response.status_code == 409
    assert "has passed" in text
    assert "Housing Ombudsman Service" in text
    assert "0300 111 3000" in text


def test_a_late_stage2_request_names_the_ombudsman_in_the_api(responded, complaints_officer):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(complaints_officer)
    with _after_the_window(responded):
        response = api.post(
            f"/api/v1/cases/{responded.reference}/transitions/stage2_escalate/",
            {"request_reason": "Late"},
            format="json",
        )
    assert response.status_code == 409
    body = str(response.json())
    assert "Housing Ombudsman Service" in body
    assert "0300 111 3000" in body

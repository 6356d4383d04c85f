"""Extending a stage's response deadline within the policy's maximum."""

import threading
from datetime import date

import pytest
from django.db import connection

from escalation.models import DeadlineExtension, DeadlineNotice
from escalation.responses import stage_deadline_extend, stage_response_record
from escalation.services import case_transition
from escalation.sweep import sweep_run
from feedback.models import Case, CaseEvent
from feedback.transitions import TransitionInvalid, TransitionNotAllowed, TransitionNotPermitted
from tests.escalation.conftest import at
from tests.escalation.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage1(complaint_create, complaints_officer):
    """Received Mon 4 Jan 2027; Stage 1 due Mon 25 Jan; extension to 8 Feb at most."""
    case = complaint_create(received_at=at(2027, 1, 4))
    case_transition(case=case, name="triage_complaint", user=complaints_officer, now=at(2027, 1, 4))
    return case


def extend(case, user, new_due, reason="Waiting for a contractor's report"):
    return stage_deadline_extend(
        case=case, user=user, new_due=new_due, reason=reason, now=at(2027, 1, 20)
    )


def test_extensions_stay_within_the_policy_maximum_in_total(stage1, housing_officer):
    extend(stage1, housing_officer, date(2027, 2, 1))
    extend(stage1, housing_officer, date(2027, 2, 8))
    with pytest.raises(TransitionInvalid) as excinfo:
        extend(stage1, housing_officer, date(2027, 2, 9))
    assert "8 February 2027 at the latest" in excinfo.value.field_errors["new_due"]
    stage = stage1.stages.get()
    assert (stage.response_due_original, stage.response_due) == (
        date(2027, 1, 25),
        date(2027, 2, 8),
    )
    assert DeadlineExtension.objects.filter(case_stage=stage).count() == 2
    assert Case.objects.get(pk=stage1.pk).respond_by == date(2027, 2, 8)
    assert stage1.events.filter(kind=CaseEvent.Kind.DEADLINE, is_internal=False).count() == 2


@pytest.mark.parametrize(
    ("new_due", "field", "message"),
    [
        (date(2027, 1, 25), "new_due", "must be after"),
        (date(2027, 1, 30), "new_due", "working day"),  # a Saturday
    ],
)
def test_a_bad_date_is_refused(stage1, housing_officer, new_due, field, message):
    with pytest.raises(TransitionInvalid) as excinfo:
        extend(stage1, housing_officer, new_due)
    assert message in excinfo.value.field_errors[field]
    assert not DeadlineExtension.objects.exists()


def test_a_reason_is_required(stage1, housing_officer):
    with pytest.raises(TransitionInvalid) as excinfo:
        extend(stage1, housing_officer, date(2027, 2, 1), reason=" ")
    assert "reason" in excinfo.value.field_errors


def test_only_caseworkers_of_the_service_may_extend(stage1, planning_officer, committee_member):
    for user in (planning_officer, committee_member):
        with pytest.raises(TransitionNotPermitted):
            extend(stage1, user, date(2027, 2, 1))
    assert Case.objects.get(pk=stage1.pk).respond_by == date(2027, 1, 25)


def test_nothing_to_extend_once_answered(
    stage1, complaints_officer, housing_officer, housing_manager, letter_sent
):
    advance(
        stage1,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_officer,
        reviewer=housing_manager,
        letter_sent=letter_sent,
        now=at(2027, 1, 20),
    )
    assert stage1.respond_by is None  # no deadline runs between stages
    with pytest.raises(TransitionNotAllowed):
        extend(stage1, housing_officer, date(2027, 2, 1))


def test_code_policy_extension_is_10_working_days(
    organisation, complaint_create, complaints_officer, housing_officer
):
    from escalation.defaults import CODE_POLICIES, policies_load

    policies_load(organisation=organisation, policies=CODE_POLICIES, effective_from=at(2027, 1, 1))
    case = complaint_create(received_at=at(2027, 1, 4))
    case_transition(case=case, name="triage_complaint", user=complaints_officer, now=at(2027, 1, 5))
    stage = case.stages.get()
    assert stage.response_due == date(2027, 1, 19)  # 10 working days from 5 January
    extend(case, housing_officer, date(2027, 2, 2))
    with pytest.raises(TransitionInvalid):
        extend(case, housing_officer, date(2027, 2, 3))


def test_the_response_needs_the_right_role(stage1, planning_officer):
    with pytest.raises(TransitionNotPermitted):
        stage_response_record(
            case=stage1,
            user=planning_officer,
            complaint_understood="x",
            outcome="upheld",
            outcome_reasons="y",
        )


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(
    complaint_create, complaints_officer, housing_officer
):
    case = complaint_create(received_at=at(2027, 1, 4))
    case_transition(case=case, name="triage_complaint", user=complaints_officer, now=at(2027, 1, 4))
    Case.objects.filter(pk=case.pk).update(assigned_to=housing_officer)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            sweep_run(now=at(2027, 1, 21, 9))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert DeadlineNotice.objects.filter(case=case, kind="reminder").count() == 1
    assert case.events.filter(kind=CaseEvent.Kind.REMINDER).count() == 1

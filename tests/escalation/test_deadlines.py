"""Deadlines from policies: the seed policy, the Complaint Handling Code, and policy changes."""

from datetime import date

import pytest
import time_machine

from escalation import deadlines
from escalation.calendar import WorkingCalendar
from escalation.defaults import CODE_POLICIES, SEED_POLICIES, policies_load
from escalation.models import CaseStage, ClosureDay, StagePolicy
from escalation.selectors import calendar_for, policies_compared_with_code
from escalation.services import case_transition
from tests.escalation.conftest import at

ENG = WorkingCalendar("ENG")


def policy(stage, preset):
    return StagePolicy(stage=stage, **preset[stage])


def test_seed_stage1_response_is_15_working_days_from_receipt():
    due = deadlines.stage_deadlines(
        policy(1, SEED_POLICIES), ENG, date(2026, 12, 21), electronic=True
    )
    assert due.acknowledge_due == date(2026, 12, 22)
    assert due.response_due == date(2027, 1, 14)


def test_seed_acknowledgement_of_a_letter_is_5_working_days():
    due = deadlines.stage_deadlines(
        policy(1, SEED_POLICIES), ENG, date(2026, 12, 21), electronic=False
    )
    # 22, 23, 24, 29, 30 December (25 and 28 are bank holidays).
    assert due.acknowledge_due == date(2026, 12, 30)


def test_seed_stage2_is_28_calendar_days_moved_off_a_closed_day():
    # 28 calendar days after Sun 1 Nov 2026 is Sun 29 Nov: the deadline is Mon 30 Nov.
    due = deadlines.stage_deadlines(
        policy(2, SEED_POLICIES), ENG, date(2026, 11, 1), electronic=True
    )
    assert due.response_due == date(2026, 11, 30)
    # From Mon 30 Nov 2026: 28 December is the Boxing Day substitute: Tue 29 Dec.
    due = deadlines.stage_deadlines(
        policy(2, SEED_POLICIES), ENG, date(2026, 11, 30), electronic=True
    )
    assert due.response_due == date(2026, 12, 29)


def test_code_response_counts_from_the_acknowledgement():
    code1 = policy(1, CODE_POLICIES)
    # Not yet acknowledged: assume the last allowed day (5 working days), then 10 more.
    due = deadlines.stage_deadlines(code1, ENG, date(2027, 3, 1), electronic=True)
    assert due.acknowledge_due == date(2027, 3, 8)
    assert due.response_due == date(2027, 3, 22)
    # Acknowledged the next day: 10 working days from then, across Easter 2027.
    due = deadlines.stage_deadlines(
        code1, ENG, date(2027, 3, 17), electronic=True, acknowledged_on=date(2027, 3, 18)
    )
    assert due.response_due == date(2027, 4, 5)  # Good Friday, Easter Monday skipped


def test_extension_limit_and_escalation_window():
    seed1 = policy(1, SEED_POLICIES)
    assert deadlines.extension_limit(seed1, ENG, date(2027, 1, 14)) == date(2027, 1, 28)
    assert deadlines.escalation_window_end(seed1, ENG, date(2027, 1, 14)) == date(2027, 2, 11)


def test_reminder_date_is_working_days_before_the_deadline():
    seed1 = policy(1, SEED_POLICIES)  # 2 working days
    assert deadlines.reminder_date(seed1, ENG, date(2027, 1, 5)) == date(2026, 12, 31)


def test_batch_response_deadlines_match_single_ones():
    starts = [date(2026, 12, d) for d in range(1, 32)]
    for preset in (SEED_POLICIES, CODE_POLICIES):
        for stage in (1, 2):
            p = policy(stage, preset)
            assert deadlines.response_due_many(p, ENG, starts, electronic=False) == [
                deadlines.response_due(p, ENG, s, electronic=False) for s in starts
            ]


def test_the_seed_policy_is_not_laxer_than_the_code():
    for stage in (1, 2):
        assert (
            deadlines.laxer_than(policy(stage, SEED_POLICIES), policy(stage, CODE_POLICIES)) == []
        )


def test_a_lax_policy_is_reported_measure_by_measure():
    lax = StagePolicy(
        stage=1,
        **{
            **SEED_POLICIES[1],
            "respond_days": 20,
            "acknowledge_days_written": 10,
            "max_extension_days": 15,
        },
    )
    measures = {item.measure for item in deadlines.laxer_than(lax, policy(1, CODE_POLICIES))}
    assert measures == {
        "Response, counted from receipt or request",
        "Acknowledgement of written contact",
        "Longest extension",
    }


def test_28_calendar_days_spans_at_most_20_working_days():
    assert deadlines.max_working_days(28, "calendar") == 20
    assert deadlines.max_working_days(30, "calendar") == 22


# --- with the database ------------------------------------------------------------


def test_a_complaint_gets_its_deadlines_on_receipt(complaint_create):
    case = complaint_create(received_at=at(2026, 12, 21))
    assert case.acknowledge_by == date(2026, 12, 22)
    assert case.respond_by == date(2027, 1, 14)
    assert not CaseStage.objects.filter(case=case).exists()


def test_closure_days_move_deadlines_and_the_cached_calendar_sees_them(
    organisation, complaint_create, django_assert_num_queries
):
    calendar_for(organisation)
    with django_assert_num_queries(1):
        calendar_for(organisation)  # cached: one aggregate query
    ClosureDay.objects.create(organisation=organisation, date=date(2026, 12, 24))
    assert date(2026, 12, 24) in calendar_for(organisation).closure_days
    case = complaint_create(received_at=at(2026, 12, 21))
    assert case.respond_by == date(2027, 1, 15)
    ClosureDay.objects.filter(organisation=organisation).delete()
    assert calendar_for(organisation).closure_days == frozenset()


def test_a_policy_change_does_not_move_existing_cases(
    organisation, complaint_create, complaints_officer
):
    with time_machine.travel(at(2026, 12, 21), tick=False):
        before = complaint_create(received_at=at(2026, 12, 21))
        case_transition(case=before, name="triage_complaint", user=complaints_officer)
    policies_load(organisation=organisation, policies=CODE_POLICIES, effective_from=at(2027, 1, 4))
    before.refresh_from_db()
    assert before.respond_by == date(2027, 1, 14)
    with time_machine.travel(at(2027, 1, 5), tick=False):
        after = complaint_create(received_at=at(2027, 1, 5))
        # Code: acknowledge within 5 working days (12 Jan), then 10 (26 Jan) until acknowledged.
        assert (after.acknowledge_by, after.respond_by) == (date(2027, 1, 12), date(2027, 1, 26))
        case_transition(case=after, name="triage_complaint", user=complaints_officer)
    after.refresh_from_db()
    stage = after.stages.get()
    # Acknowledged on 5 Jan by accepting it: 10 working days from then.
    assert stage.response_due == after.respond_by == date(2027, 1, 19)
    assert stage.policy.name == "Complaint Handling Code"
    assert stage.acknowledgement_met is True
    assert before.stages.get().policy.name == "Council policy (seed defaults)"


@pytest.mark.parametrize("preset", [SEED_POLICIES, CODE_POLICIES])
def test_policy_comparison_lists_nothing_for_seed_or_code(organisation, preset):
    policies_load(organisation=organisation, policies=preset, effective_from=at(2026, 1, 1))
    with time_machine.travel(at(2026, 6, 1), tick=False):
        assert all(not row.laxer for row in policies_compared_with_code(organisation=organisation))

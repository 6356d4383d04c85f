"""The one home of "overdue" and "due soon": feedback.querysets.CaseQuerySet (and, for values
already read, `is_overdue_on`)."""

from datetime import date

import pytest

from feedback.models import Case, ServiceArea
from feedback.querysets import is_overdue_on, overdue_q
from feedback.states import CaseState

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def _refs(queryset):
    return set(queryset.values_list("reference", flat=True))


def test_overdue_starts_the_day_after_the_response_date(make_case):
    yesterday = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 9))
    make_case(state=CaseState.STAGE1, respond_by=TODAY)  # due today: not overdue yet
    make_case(state=CaseState.STAGE1, respond_by=None)  # no deadline running
    make_case(state=CaseState.CLOSED, respond_by=date(2026, 3, 9))  # closed: never overdue
    responded = make_case(state=CaseState.STAGE1_RESPONDED, respond_by=date(2026, 1, 1))

    overdue = Case.objects.overdue(TODAY)
    assert _refs(overdue) == {yesterday.reference, responded.reference}  # open is enough
    flags = dict(Case.objects.with_deadline_flags(TODAY).values_list("reference", "is_overdue"))
    assert {ref for ref, flag in flags.items() if flag} == _refs(overdue)
    assert all(flag in (True, False) for flag in flags.values())  # never NULL
    assert Case.objects.is_overdue(yesterday, TODAY)
    assert not Case.objects.is_overdue(yesterday, date(2026, 3, 9))


def test_a_rows_overdue_flag_is_the_databases_for_every_state_and_date(make_case):
    """The officer list tells an overdue row from its values (`is_overdue_on`): the same answer
    as the query's flag for every state, with no date, a past one, today and a later one."""
    dates = (None, date(2026, 3, 9), TODAY, date(2026, 3, 11), date(2025, 1, 1))
    for state in CaseState:
        for respond_by in dates:
            make_case(state=state, respond_by=respond_by)
    rows = Case.objects.with_deadline_flags(TODAY).values("state", "respond_by", "is_overdue")
    assert len(rows) == len(CaseState) * len(dates)
    for row in rows:
        assert is_overdue_on(row["state"], row["respond_by"], TODAY) is row["is_overdue"], row
    assert any(row["is_overdue"] for row in rows)


def test_due_soon_includes_both_ends_of_the_window(make_case):
    today = make_case(state=CaseState.STAGE1, respond_by=TODAY)
    friday = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 13))
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 14))  # after the cut-off
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 9))  # overdue, not due soon
    make_case(state=CaseState.CLOSED, respond_by=date(2026, 3, 11))

    until = date(2026, 3, 13)
    assert _refs(Case.objects.due_soon(TODAY, until)) == {today.reference, friday.reference}
    flagged = Case.objects.with_deadline_flags(TODAY, until).filter(is_due_soon=True)
    assert _refs(flagged) == {today.reference, friday.reference}


def test_the_rule_reads_across_a_relation(make_case, housing):
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 9))
    services = ServiceArea.objects.filter(overdue_q(TODAY, prefix="case__")).distinct()
    assert list(services) == [housing]

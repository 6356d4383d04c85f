"""The dashboard: my open cases, due in the next 3 working days, overdue, counts per service."""

from datetime import date

import pytest
from django.urls import reverse

from escalation.models import ClosureDay
from feedback.states import CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

# Today is Tuesday 10 March 2026: the next 3 working days end on Friday 13 March.


def _dashboard(client):
    response = client.get(reverse("officer:dashboard"))
    assert response.status_code == 200
    return response.context["dashboard"]


def _refs(cases):
    return {case.reference for case in cases}


def test_my_open_cases_due_soon_and_overdue(login, housing_officer, make_case, planning):
    mine = make_case(
        state=CaseState.STAGE1, assigned_to=housing_officer, respond_by=date(2026, 4, 1)
    )
    make_case(state=CaseState.CLOSED, assigned_to=housing_officer)  # closed: not listed
    due_friday = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 13))
    due_today = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 10))
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 16))  # 4th working day
    overdue = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 9))
    make_case(state=CaseState.CLOSED, respond_by=date(2026, 3, 9))  # closed: not overdue
    make_case(service=planning, state=CaseState.STAGE1, respond_by=date(2026, 3, 9))  # not mine

    board = _dashboard(login(housing_officer))
    assert _refs(board.mine) == {mine.reference}
    assert _refs(board.due_soon) == {due_friday.reference, due_today.reference}
    assert _refs(board.overdue) == {overdue.reference}
    assert (board.mine_count, board.due_soon_count, board.overdue_count) == (1, 2, 1)
    assert board.due_soon_until == date(2026, 3, 13)


def test_closure_days_push_the_due_soon_window(login, housing_officer, make_case, organisation):
    ClosureDay.objects.create(organisation=organisation, date=date(2026, 3, 12))
    due_monday = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 16))
    board = _dashboard(login(housing_officer))
    assert board.due_soon_until == date(2026, 3, 16)
    assert _refs(board.due_soon) == {due_monday.reference}


def test_counts_per_service_for_a_service_officer_and_for_the_central_team(
    login, housing_officer, complaints_officer, make_case, planning
):
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 9))
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 11))
    make_case(state=CaseState.CLOSED)
    make_case(service=planning, state=CaseState.STAGE1)

    services = {s.slug: s for s in _dashboard(login(housing_officer)).services}
    assert set(services) == {"housing"}
    housing = services["housing"]
    assert (housing.open_count, housing.due_soon_count, housing.overdue_count) == (2, 1, 1)

    central = {s.slug: s for s in _dashboard(login(complaints_officer)).services}
    assert central["planning-and-development"].open_count == 1
    assert central["housing"].open_count == 2


def test_the_dashboard_links_to_the_filtered_list(login, housing_officer, make_case):
    html = login(housing_officer).get(reverse("officer:dashboard")).content.decode()
    assert "?assigned=me&amp;state=open" in html
    assert "overdue=true" in html
    assert "respond_to=2026-03-13" in html


def test_the_dashboard_costs_the_same_queries_whatever_the_caseload(
    login, complaints_officer, make_case, django_assert_num_queries
):
    client = login(complaints_officer)
    make_case(state=CaseState.STAGE1, assigned_to=complaints_officer, respond_by=date(2026, 3, 9))
    client.get(reverse("officer:dashboard"))  # the working-day calendar is cached per process
    # session, user, 2 x permissions, organisation (context processor and selector), closure
    # days' freshness check, counts, three lists, services: 12.
    with django_assert_num_queries(12):
        client.get(reverse("officer:dashboard"))
    for day in range(1, 25):
        make_case(
            state=CaseState.STAGE1,
            assigned_to=complaints_officer,
            respond_by=date(2026, 3, day),
        )
    with django_assert_num_queries(12):
        board = _dashboard(client)
    assert len(board.mine) == 10  # the lists are short; the counts say how many in all
    assert board.mine_count == 25

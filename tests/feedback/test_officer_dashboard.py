"""The dashboard: each role's work queues (my open cases, awaiting triage, unassigned,
acknowledgement due, Stage 2 waiting for a reviewer, due in the next 3 working days, overdue,
letters not sent or failed, Ombudsman deadlines), with counts, oldest first; counts per
service."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from escalation.models import ClosureDay
from feedback.states import CaseState
from tests.feedback.officer_helpers import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

NOW_ACK = datetime(2026, 3, 9, 12, 0, tzinfo=ZoneInfo("Europe/London"))

# Today is Tuesday 10 March 2026: the next 3 working days end on Friday 13 March.


def _dashboard(client):
    response = client.get(reverse("officer:dashboard"))
    assert response.status_code == 200
    return response.context["dashboard"]


def _refs(queue):
    return {row.reference for row in queue.rows}


def _queue(board, key):
    queue = board.queue(key)
    assert queue is not None, f"no {key} queue"
    return queue


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
    mine_q, soon_q, overdue_q = (_queue(board, k) for k in ("mine", "due_soon", "overdue"))
    assert _refs(mine_q) == {mine.reference}
    assert _refs(soon_q) == {due_friday.reference, due_today.reference}
    assert _refs(overdue_q) == {overdue.reference}
    assert (mine_q.count, soon_q.count, overdue_q.count) == (1, 2, 1)
    assert board.due_soon_until == date(2026, 3, 13)


def test_closure_days_push_the_due_soon_window(login, housing_officer, make_case, organisation):
    ClosureDay.objects.create(organisation=organisation, date=date(2026, 3, 12))
    due_monday = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 16))
    board = _dashboard(login(housing_officer))
    assert board.due_soon_until == date(2026, 3, 16)
    assert _refs(_queue(board, "due_soon")) == {due_monday.reference}


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


def test_each_queue_links_to_the_case_list_showing_exactly_its_cases(
    login, complaints_manager, make_case
):
    make_case(state=CaseState.STAGE1, assigned_to=complaints_manager, respond_by=date(2026, 3, 9))
    make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 12))
    make_case(state=CaseState.RECEIVED, acknowledge_by=date(2026, 3, 10))
    make_case(state=CaseState.STAGE2, respond_by=date(2026, 4, 2))
    client = login(complaints_manager)
    html = client.get(reverse("officer:dashboard")).content.decode()
    board = _dashboard(client)
    case_queues = [q for q in board.queues if q.url.startswith(reverse("officer:case_list"))]
    assert {q.key for q in case_queues} == {
        "mine",
        "triage",
        "unassigned",
        "acknowledgement_due",
        "stage2_waiting",
        "due_soon",
        "overdue",
    }
    for queue in case_queues:
        assert queue.url.replace("&", "&amp;") in html
        listed = client.get(queue.url)
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == queue.count, queue.key
        assert {c.reference for c in listed.context["page"].object_list} == _refs(queue)


def test_the_dashboard_costs_the_same_queries_whatever_the_caseload(
    login, complaints_officer, make_case, django_assert_num_queries
):
    client = login(complaints_officer)
    make_case(state=CaseState.STAGE1, assigned_to=complaints_officer, respond_by=date(2026, 3, 9))
    client.get(reverse("officer:dashboard"))
    # session, user, permissions (one query: accounts.backends), organisation (context
    # processor and selector), closure days (kept by a process once committed:
    # feedback.reference; this test's data never is), counts, six case queues (a complaints
    # officer reviews no Stage 2), two letter queues (count and list each), the Ombudsman
    # queue (count and list), services: 20.
    with django_assert_num_queries(20):
        client.get(reverse("officer:dashboard"))
    for day in range(1, 25):
        make_case(
            state=CaseState.STAGE1,
            assigned_to=complaints_officer,
            respond_by=date(2026, 3, day),
        )
    with django_assert_num_queries(20):
        board = _dashboard(client)
    mine = _queue(board, "mine")
    assert len(mine.rows) == 10  # the lists are short; the counts say how many in all
    assert mine.count == 25
    assert mine.rows_hidden == 15
    # Oldest deadline first.
    assert [row.day for row in mine.rows] == sorted(row.day for row in mine.rows)


def test_each_role_gets_the_queues_its_job_needs(
    login, housing_officer, complaints_officer, complaints_manager
):
    def keys(user):
        return [queue.key for queue in _dashboard(login(user)).queues]

    everyone = {"mine", "due_soon", "overdue", "letters_draft", "letters_failed"}
    investigating = set(keys(housing_officer))
    assert everyone <= investigating
    assert not investigating & {"triage", "unassigned", "acknowledgement_due", "stage2_waiting"}
    central = set(keys(complaints_officer))
    assert everyone | {"triage", "unassigned", "acknowledgement_due"} <= central
    assert "stage2_waiting" not in central  # Stage 2 reviews are the managers'
    assert "stage2_waiting" in keys(complaints_manager)
    assert "ombudsman_deadlines" in central


def test_new_and_unassigned_cases_reach_the_central_team_oldest_first(
    login, complaints_officer, housing_officer, make_case
):
    newer = make_case(state=CaseState.RECEIVED, received_at=NOW - timedelta(hours=1))
    older = make_case(state=CaseState.RECEIVED, received_at=NOW - timedelta(days=3))
    assigned = make_case(state=CaseState.STAGE1, assigned_to=housing_officer)
    unassigned_stage1 = make_case(state=CaseState.STAGE1, received_at=NOW - timedelta(days=9))
    make_case(state=CaseState.CLOSED)

    board = _dashboard(login(complaints_officer))
    triage = _queue(board, "triage")
    assert [row.reference for row in triage.rows] == [older.reference, newer.reference]
    assert triage.count == 2
    unassigned = _queue(board, "unassigned")
    assert [row.reference for row in unassigned.rows] == [
        unassigned_stage1.reference,
        older.reference,
        newer.reference,
    ]
    assert assigned.reference not in _refs(unassigned)


def test_acknowledgements_due_today_or_missed_and_not_yet_sent(
    login, complaints_officer, make_case
):
    due_today = make_case(state=CaseState.RECEIVED, acknowledge_by=date(2026, 3, 10))
    missed = make_case(state=CaseState.STAGE1, acknowledge_by=date(2026, 3, 9))
    make_case(state=CaseState.RECEIVED, acknowledge_by=date(2026, 3, 11))  # tomorrow
    make_case(
        state=CaseState.STAGE1,
        acknowledge_by=date(2026, 3, 9),
        acknowledged_at=NOW_ACK,
    )
    queue = _queue(_dashboard(login(complaints_officer)), "acknowledgement_due")
    assert [row.reference for row in queue.rows] == [missed.reference, due_today.reference]


def test_a_stage2_request_with_no_reviewer_waits_in_the_managers_queue(
    login, complaints_manager, housing_officer, make_case
):
    waiting = make_case(state=CaseState.STAGE2, respond_by=date(2026, 4, 7))
    make_case(state=CaseState.STAGE2, assigned_to=housing_officer)  # has its reviewer
    queue = _queue(_dashboard(login(complaints_manager)), "stage2_waiting")
    assert _refs(queue) == {waiting.reference}


def test_a_stage1_responded_case_leaves_my_open_cases(login, housing_officer, make_case):
    answered = make_case(state=CaseState.STAGE1_RESPONDED, assigned_to=housing_officer)
    working = make_case(state=CaseState.STAGE1, assigned_to=housing_officer)
    mine = _queue(_dashboard(login(housing_officer)), "mine")
    assert _refs(mine) == {working.reference}
    assert answered.reference not in _refs(mine)


def test_no_case_queue_holds_a_closed_case(make_case, complaints_officer):
    """The dashboard counts its queues among the open cases only (feedback.queues.QUEUED_STATES):
    a queue whose condition let a closed case in would be miscounted there, so none may."""
    from feedback.models import Case
    from feedback.queues import CASE_QUEUES, QUEUED_STATES

    today = NOW.date()
    for state in set(CaseState) - QUEUED_STATES:
        # Everything else about each case puts it in some queue: mine or unassigned, due
        # today or long overdue, not acknowledged and due to be.
        for assigned_to in (complaints_officer, None):
            make_case(
                state=state,
                assigned_to=assigned_to,
                respond_by=today,
                acknowledge_by=today - timedelta(days=3),
                acknowledged_at=None,
            )
            make_case(state=state, assigned_to=assigned_to, respond_by=today - timedelta(days=9))
    assert Case.objects.exclude(state__in=QUEUED_STATES).count() > 0
    for queue in CASE_QUEUES:
        condition = queue.condition(complaints_officer, today, today + timedelta(days=3))
        assert not Case.objects.filter(condition).exists(), queue.key

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from devtools.demo import DEMO_USERS, demo_load
from devtools.demo.plan import COVERED_STATES, plans_make
from escalation.calendar import WorkingCalendar
from escalation.models import CaseStage
from feedback.models import Case, CaseEvent, Customer
from feedback.roles import Role
from feedback.states import AWAITING_RESPONSE_STATES

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("Europe/London"))
CASES = 150
# One process runs this module under pytest-xdist (`--dist loadgroup`), so the demo is built once.
pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module, inside a transaction rolled back at the end. As `make run`
    loads it (Procfile.dev): the past letters' PDFs are left to the worker, and as the
    transaction never commits they are never asked for. No test here reads a PDF, and the 40
    renders were 4 of the module's 10 s of CPU. tests/devtools/management/test_demo_command.py
    has the demo make them (in its own process, and by the worker, whose it reads back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load(cases=CASES, seed=7, now=NOW, history_pdfs_by_worker=True)
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    return _demo_loaded


def _states():
    return set(Case.objects.values_list("kind", "state"))


def test_the_demo_has_the_cases_asked_for_with_unique_references(demo):
    assert Case.objects.count() == CASES
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == CASES
    assert {r[:3] for r in references} == {"CMP", "COM", "CPL"}


def test_every_kind_is_in_every_state_of_its_lifecycle(demo):
    wanted = {(kind, state) for kind, states in COVERED_STATES.items() for state in states}
    wanted = {
        (kind, state)
        for kind, state in wanted
        if state not in ("stage1-overdue", "stage1-due-soon")
    }
    # The Ombudsman's demo moves some Stage 2 complaints on to it, with their enquiries.
    wanted.add(("complaint", "ombudsman"))
    assert wanted <= _states()


def test_some_open_complaints_are_overdue_and_none_that_are_on_time(demo):
    today = NOW.date()
    overdue = Case.objects.filter(overdue_since__isnull=False)
    assert overdue.exists()
    for case in overdue:
        assert case.state in AWAITING_RESPONSE_STATES
        assert case.respond_by < today
    on_time = Case.objects.filter(state="stage1", respond_by__gte=today)
    assert not on_time.filter(overdue_since__isnull=False).exists()


def test_stage_deadlines_follow_the_working_day_calendar(demo):
    calendar = WorkingCalendar(
        nation="ENG",
        closure_days=frozenset(demo.closureday_set.values_list("date", flat=True)),
    )
    stages = CaseStage.objects.filter(stage=1).select_related("case")
    assert stages.exists()
    for stage in stages:
        received = stage.case.received_at.astimezone(ZoneInfo("Europe/London")).date()
        # Seed policy: a full response within 15 working days of receipt (seed 003, 4.5).
        assert stage.response_due_original == calendar.add_working_days(received, 15)
        if stage.responded_at:
            assert stage.outcome
            assert stage.response_met == (
                stage.responded_at.astimezone(ZoneInfo("Europe/London")).date()
                <= stage.response_due
            )


def test_stage2_is_handled_by_someone_other_than_the_stage1_handler(demo):
    for stage2 in CaseStage.objects.filter(stage=2):
        stage1 = CaseStage.objects.get(case=stage2.case, stage=1)
        assert stage2.handler_id != stage1.handler_id


def test_every_role_has_a_demo_user_who_can_sign_in(demo):
    user_model = get_user_model()
    roles = {role for _, role, _ in DEMO_USERS}
    for role in (
        Role.COMPLAINTS_OFFICER,
        Role.INVESTIGATING_OFFICER,
        Role.SERVICE_MANAGER,
        Role.COMPLAINTS_MANAGER,
        Role.COMMITTEE_MEMBER,
    ):
        assert role in roles
        assert user_model.objects.filter(groups__name=role).exists()
    assert user_model.objects.filter(is_superuser=True).exists()
    from devtools.demo import DEMO_PASSWORD

    users = user_model.objects.filter(username__in=[u for u, _, _ in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    # One hash for all (hashing is slow on purpose), so checking one checks them all.
    assert users.values("password").distinct().count() == 1
    assert users.first().check_password(DEMO_PASSWORD)


def test_service_officers_work_for_their_services_only(demo):
    gary = get_user_model().objects.get(username="gary")
    assert list(gary.officer.services.values_list("slug", flat=True)) == ["housing"]
    assert demo.servicearea_set.get(slug="housing").manager.username == "rachel"


def test_customers_include_repeat_ones_and_those_with_needs(demo):
    assert Customer.objects.filter(cases__isnull=False).distinct().count() < CASES
    assert Customer.objects.exclude(contact_restriction="").exists()
    assert Customer.objects.filter(preferred_format="large_print").exists()
    assert Customer.objects.exclude(accessibility_needs="").exists()
    assert Case.objects.exclude(representative_name="").exists()


def test_cases_have_a_timeline_and_officers_notes(demo):
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE).exists()
    without_timeline = Case.objects.filter(events__isnull=True)
    assert not without_timeline.exists()


def test_the_plans_are_the_same_for_the_same_seed():
    calendar = WorkingCalendar()
    import random

    first, _ = plans_make(count=60, rng=random.Random(3), now=NOW, calendar=calendar)
    second, _ = plans_make(count=60, rng=random.Random(3), now=NOW, calendar=calendar)
    other, _ = plans_make(count=60, rng=random.Random(4), now=NOW, calendar=calendar)
    assert first == second
    assert first != other


def test_titles_go_with_the_names(demo):
    from devtools.demo.people import MEN, WOMEN

    for title, first_name in Customer.objects.values_list("title", "first_name"):
        if first_name in MEN:
            assert title in ("Mr", "Dr", ""), (title, first_name)
        elif first_name in WOMEN:
            assert title in ("Mrs", "Ms", "Miss", "Dr", ""), (title, first_name)
        else:
            assert title in ("Mx", ""), (title, first_name)


def test_cases_spread_over_two_years_with_a_plausible_change(demo):
    """Each of the last two years has a fair share, so a year-on-year change in the reports
    is a real council's (tens of per cent), not tenfold."""
    from datetime import timedelta

    year_ago, two_years_ago = NOW - timedelta(days=365), NOW - timedelta(days=730)
    this_year = Case.objects.filter(received_at__gt=year_ago).count()
    last_year = Case.objects.filter(received_at__gt=two_years_ago, received_at__lte=year_ago)
    assert last_year.count() >= 0.5 * this_year
    assert this_year >= last_year.count()


def test_every_work_queue_has_something_in_it(demo):
    from letters.models import Letter, LetterDelivery
    from ombudsman.models import OmbudsmanCase

    assert Case.objects.filter(state="received").exists()  # awaiting triage
    assert Case.objects.filter(  # unassigned
        state__in=AWAITING_RESPONSE_STATES, assigned_to__isnull=True
    ).exists()
    # A customer's Stage 2 request waiting for a reviewer.
    assert Case.objects.filter(state="stage2", assigned_to__isnull=True).exists()
    assert Letter.objects.filter(status=Letter.Status.DRAFT).exists()
    assert LetterDelivery.objects.filter(notification__status="failed").exists()
    assert OmbudsmanCase.objects.exists()


def test_the_demo_shows_an_erasure_and_a_correction_on_request(demo):
    erased = Case.objects.filter(anonymised_at__isnull=False)
    assert erased.count() == 1
    entry = erased.get().events.get(summary__startswith="Personal data removed")
    assert "Article 17(1)(a)" in entry.summary
    assert entry.actor.username == "helen"
    # The customer is kept for their other case.
    assert Customer.objects.get(pk=erased.get().customer_id).email
    assert CaseEvent.objects.filter(
        summary="Customer's details corrected on request: email"
    ).exists()


def test_the_demo_has_member_enquiries_and_saved_views(demo):
    from feedback.models import MEMBER_KINDS, SavedCaseView

    members = Case.objects.filter(representative_kind__in=MEMBER_KINDS)
    assert members.exists()
    assert not members.filter(representative_consent_on__isnull=True).exists()
    assert Case.objects.filter(representative_kind="family").exists()
    assert SavedCaseView.objects.filter(owner__username="sarah").count() == 3
    assert SavedCaseView.objects.filter(shared_with__slug="housing").exists()


def test_every_queue_on_the_complaints_managers_dashboard_has_cases(demo):
    """A newcomer opening the demo as the complaints manager sees each queue at work (issue 15:
    "every queue above populated"), the reviews coming due among them."""
    from django.contrib.auth import get_user_model

    from feedback.reviews import reviews_due
    from feedback.selectors import dashboard_for

    manager = get_user_model().objects.get(username="helen")
    dashboard = dashboard_for(user=manager, today=NOW.date())
    empty = [queue.title for queue in dashboard.queues if not queue.count and queue.key != "mine"]
    assert empty == []
    assert reviews_due(organisation=demo, today=NOW.date())

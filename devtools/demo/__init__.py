"""The demo council: Example District Council with its officers and ~400 cases over the last
eighteen months, in every state, with their timelines and deadlines.

Deterministic for a seed and a date. `manage.py demo_load` runs it; `make run` calls that with
`--if-empty`. Each other app's demo data is `devtools/demo/<app>.py`, whose
`load(organisation=, rng=)` is called after the cases exist.
"""

import contextlib
import importlib
import logging
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils.text import slugify

from escalation.calendar import WorkingCalendar
from escalation.defaults import SEED_POLICIES, policies_load
from escalation.models import CaseStage, ClosureDay, StagePolicy
from feedback import clock
from feedback.models import Case, Organisation, SavedCaseView

from .officers import DEMO_PASSWORD, DEMO_USERS, officers_create
from .plan import plans_make
from .privacy import privacy_requests_load
from .writer import Writer, customers_create

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "demo_load", "OTHER_APPS"]

COUNCIL = "Example District Council"
DEFAULT_CASES = 400
HISTORY_DAYS = 730  # two years: every report has a year-earlier period to compare with
OTHER_APPS = ["escalation", "letters", "ombudsman", "surveys", "equality", "reporting"]


def organisation_ensure(*, start: datetime) -> Organisation:
    """The council; its seed policies take effect from the start of the demo's history, so old
    cases have the policy that was in force when they arrived."""
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=COUNCIL,
            slug=slugify(COUNCIL),
            address="Council Offices\nHigh Street\nExampletown\nEX1 1AA",
            phone="01234 567890",
            email="feedback@example-council.gov.uk",
            website="https://www.example-council.gov.uk",
        )
    if not StagePolicy.objects.filter(organisation=organisation).exists():
        policies_load(organisation=organisation, policies=SEED_POLICIES, effective_from=start)
    with open("/dev/null", "w") as quiet:  # noqa: PTH123
        call_command("council_setup", stdout=quiet)
    return organisation


def closure_days_ensure(*, organisation: Organisation, years: range) -> frozenset[date]:
    """Christmas Eve and the days between Christmas and New Year: the offices close."""
    for year in years:
        for day in (24, 29, 30, 31):
            ClosureDay.objects.get_or_create(
                organisation=organisation,
                date=date(year, 12, day),
                defaults={"reason": "Council offices closed over Christmas"},
            )
    return frozenset(
        ClosureDay.objects.filter(organisation=organisation).values_list("date", flat=True)
    )


@contextlib.contextmanager
def history_not_emailed() -> Iterator[None]:
    """The demo's cases are history: the acknowledgements were sent at the time. Run the tasks
    in this process and keep their emails in memory, so the outbox shows them as sent and
    nobody (nor var/sent-email/) receives four hundred emails when the worker starts."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    trace_log = logging.getLogger("celery.app.trace")
    previous_level = trace_log.level
    trace_log.setLevel(logging.WARNING)  # one "succeeded" line per email is noise here
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        app.conf.task_always_eager = previous
        trace_log.setLevel(previous_level)


def demo_load(
    *,
    cases: int = DEFAULT_CASES,
    seed: int = 2026,
    now: datetime | None = None,
    other_apps: bool = True,
    history_pdfs_by_worker: bool = False,
) -> Organisation:
    now = now or clock.now()
    rng = random.Random(seed)
    start = now - timedelta(days=HISTORY_DAYS + 30)
    with history_not_emailed(), transaction.atomic():
        organisation = organisation_ensure(start=start)
        closures = closure_days_ensure(
            organisation=organisation, years=range(start.year, now.year + 1)
        )
        calendar = WorkingCalendar(nation=organisation.nation, closure_days=closures)
        users = officers_create(organisation=organisation)
        plans, customer_count = plans_make(
            count=cases, rng=rng, now=now, calendar=calendar, days=HISTORY_DAYS
        )
        customers = customers_create(
            organisation=organisation, count=customer_count, rng=rng, today=clock.local_date(now)
        )
        writer = Writer(
            organisation=organisation,
            users=users,
            customers=customers,
            calendar=calendar,
            now=now,
        )
        for plan in plans:
            writer.write(plan)
        overdue_mark(today=clock.local_date(now))
        stage2_requests_unassign(count=2)
        privacy_requests_load(organisation=organisation, users=users, now=now)
        saved_views_create(users=users)
        for app in OTHER_APPS if other_apps else []:
            module = _demo_module(app)
            if module is not None:
                options = {"history_pdfs_by_worker": True} if history_pdfs_by_worker else {}
                module.load(
                    organisation=organisation,
                    rng=random.Random(f"{seed}-{app}"),
                    **(options if app == "letters" else {}),
                )
    return organisation


# (owner, name, query, shared with the owner's service): the case list's "My views".
DEMO_SAVED_VIEWS = [
    ("sarah", "New, awaiting triage", "queue=triage", False),
    ("sarah", "Unassigned and open", "assigned=none&state=open", False),
    ("sarah", "Overdue complaints", "kind=complaint&overdue=on", False),
    ("rachel", "Housing: due soon", "queue=due_soon", True),
    ("rachel", "Housing: overdue", "overdue=on&state=open", True),
]


def saved_views_create(*, users: dict) -> list[SavedCaseView]:
    views = []
    for username, name, query, shared in DEMO_SAVED_VIEWS:
        owner = users[username]
        team = owner.officer.services.order_by("position").first() if shared else None
        views.append(
            SavedCaseView.objects.create(owner=owner, name=name, query=query, shared_with=team)
        )
    return views


def overdue_mark(*, today: date) -> int:
    """Flag what the deadline sweep would have flagged by now: complaints still waiting for a
    response after their deadline. (The sweep itself also sends reminders, which history does
    not need.)"""
    waiting = ["received", "service_request", "stage1", "stage2"]
    return (
        Case.objects.filter(kind="complaint", state__in=waiting, overdue_since__isnull=True)
        .overdue(today)
        .update(overdue_since=F("respond_by") + timedelta(days=1))
    )


def stage2_requests_unassign(*, count: int) -> int:
    """The newest Stage 2 requests still wait for a reviewer, as a customer's request does
    when it arrives (escalation.effects.stage2_open): the "Stage 2 waiting for a reviewer"
    queue has something in it."""
    ids = list(
        CaseStage.objects.filter(stage=2, case__state="stage2", case__assigned_to__isnull=False)
        .order_by("-opened_at")
        .values_list("case_id", flat=True)[:count]
    )
    CaseStage.objects.filter(case_id__in=ids, stage=2).update(handler=None)
    return Case.objects.filter(pk__in=ids).update(assigned_to=None)


def _demo_module(app: str):
    try:
        return importlib.import_module(f"devtools.demo.{app}")
    except ModuleNotFoundError as exc:
        if exc.name != f"devtools.demo.{app}":
            raise  # the module exists but something it imports does not: a real error
        return None


def demo_present() -> bool:
    return Case.objects.exists()

"""Reporting's benchmark: `run(stdout, **options)`, called by `manage.py bench` (feedback.bench)
or on its own with `manage.py reporting_bench`.

It makes sure the database holds `cases` cases received over five years (generating them if
needed: the demo's bulk generator `feedback.bench.generate.cases_generate` when it is there,
else the bulk generator below), then prints the time of a half-year Standards Committee report
(every measure, every service, three periods), the public statistics page and a CSV export,
and PostgreSQL's plans of the main queries, to show that they use indexes. It never fails on
time: the figures go in the README.
"""

import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction

from feedback import clock
from feedback.models import Case, Category, Channel, ComplaintGround, Organisation, ServiceArea

from . import periods
from .measures.compute import report_queries
from .selectors import public_statistics_get, report_get
from .tables import tables_build

YEARS = 5
BATCH = 10_000


def run(stdout=None, *, cases: int = 1_000_000, repeats: int = 5, seed: int = 1, **options):
    write: Callable[[str], None] = (
        (lambda line: stdout.write(line + "\n")) if stdout is not None else print
    )
    write("Reporting (half-year Standards Committee report, public page, CSV export):")
    if connection.vendor != "postgresql":
        write("  (not PostgreSQL: the figures below are not the benchmark's)")
    organisation = _organisation()
    _cases_ensure(organisation=organisation, cases=cases, seed=seed, write=write)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    period = periods.latest_complete(clock.today(), kind=periods.PeriodKind.HALF)
    in_period = Case.objects.filter(
        received_at__gte=period.bounds()[0], received_at__lt=period.bounds()[1]
    ).count()
    write(f"  {Case.objects.count():,} cases; {in_period:,} received in {period.label}")

    def report():
        return tables_build(
            report_get(organisation=organisation, kind="standards", period=period).figures
        )

    _time(write, "Half-year report, all measures and services", report, repeats)
    _time(
        write,
        "Public statistics page (measures)",
        lambda: public_statistics_get(organisation=organisation, period=period),
        repeats,
    )
    _time(write, "Public statistics page (whole request)", _public_page(period), repeats)
    _time(write, "CSV export of the summary (whole request)", _csv(period), repeats)
    if connection.vendor == "postgresql":
        for name, queryset in report_queries(organisation=organisation, period=period).items():
            write(f"  EXPLAIN ({name}):")
            plan = queryset.explain(analyze=True)
            for line in plan.splitlines():
                write(f"    {line}")


def _time(write, label: str, function: Callable[[], object], repeats: int) -> None:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    write(
        f"  {label}: median {statistics.median(timings):.2f} s, best {min(timings):.2f} s "
        f"({repeats} runs)"
    )


def _public_page(period):
    from django.test import Client

    client = Client()

    def get():
        response = client.get("/statistics/", {"period": period.slug})
        assert response.status_code == 200, response.status_code

    return get


def _csv(period):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from feedback.roles import Role, roles_ensure

    roles_ensure()
    user, _ = get_user_model().objects.get_or_create(username="bench-committee")
    user.groups.add(Group.objects.get(name=Role.COMMITTEE_MEMBER))
    client = Client()
    client.force_login(user)
    url = f"/statistics/reports/standards/{period.slug}/summary.csv"

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return get


def _organisation() -> Organisation:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        from django.core.management import call_command

        with open("/dev/null", "w") as quiet:  # noqa: PTH123
            call_command("council_setup", stdout=quiet)
        organisation = Organisation.objects.order_by("pk").first()
    return organisation


def _cases_ensure(*, organisation: Organisation, cases: int, seed: int, write) -> None:
    existing = Case.objects.count()
    if existing >= cases:
        write(f"  reusing the {existing:,} cases already in the database")
        return
    started = time.perf_counter()
    try:
        from feedback.bench.generate import cases_generate
    except ImportError:
        write("  generating with reporting's own bulk generator")
        cases_bulk_generate(
            organisation=organisation, count=cases - existing, rng=random.Random(seed)
        )
    else:
        write("  generating with the demo's bulk generator (feedback.bench), over five years")
        cases_generate(
            organisation=organisation,
            count=cases - existing,
            rng=random.Random(seed),
            now=clock.now(),
            days=YEARS * 365 + 1,
        )
    write(f"  generated {cases - existing:,} cases in {time.perf_counter() - started:.0f} s")


OUTCOMES = ["upheld", "partly_upheld", "not_upheld"]


def cases_bulk_generate(*, organisation: Organisation, count: int, rng: random.Random) -> None:
    """Cases, Stage 1/2 records, compensation and refusals over the last five years, in batches
    of bulk inserts. Test data for speed, not a replay of the lifecycle."""
    from escalation.models import CaseStage, CaseTriage, RefusalReason, Remedy, StagePolicy

    services = list(ServiceArea.objects.filter(organisation=organisation))
    channels = list(Channel.objects.filter(organisation=organisation))
    categories = list(Category.objects.filter(organisation=organisation))
    grounds = list(ComplaintGround.objects.filter(organisation=organisation))
    reasons = list(RefusalReason.objects.filter(organisation=organisation))
    policies = {p.stage: p for p in StagePolicy.objects.filter(organisation=organisation)}
    now = clock.now()
    start = now - timedelta(days=YEARS * 365)
    span = (now - start).total_seconds()
    first = Case.objects.count()
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            rows = [
                _case(rng, organisation, first + offset + i, start, span * (offset + i) / count,
                      services, channels, categories, grounds)
                for i in range(size)
            ]  # fmt: skip
            made = Case.objects.bulk_create([case for case, _ in rows])
            stages, triages, stage2 = [], [], []
            for case, plan in zip(made, rows, strict=True):
                plan = plan[1]
                if plan == "refused":
                    triages.append(
                        CaseTriage(
                            organisation=organisation,
                            case=case,
                            outcome="not_accepted",
                            refusal_reason=rng.choice(reasons),
                            decided_at=case.received_at + timedelta(days=1),
                        )
                    )
                elif plan in ("stage1", "stage2"):
                    stages.append(_stage(rng, organisation, case, 1, case.received_at, policies))
                    if plan == "stage2":
                        opened = case.received_at + timedelta(days=rng.randint(25, 40))
                        stage2.append(_stage(rng, organisation, case, 2, opened, policies))
            CaseTriage.objects.bulk_create(triages)
            made_stages = CaseStage.objects.bulk_create(stages + stage2)
            Remedy.objects.bulk_create(
                [
                    Remedy(
                        organisation=organisation,
                        case_stage=stage,
                        kind=Remedy.Kind.FINANCIAL,
                        description="Payment for time and trouble",
                        amount=Decimal(rng.choice([25, 50, 75, 100, 250])),
                    )
                    for stage in made_stages
                    if stage.outcome != "not_upheld" and rng.random() < 0.1
                ]
            )


def _case(rng, organisation, number, start, seconds, services, channels, categories, grounds):
    received = start + timedelta(seconds=seconds + rng.random() * 60)
    kind = rng.choices(["complaint", "comment", "compliment"], [60, 25, 15])[0]
    plan, state, fcr = "none", "closed", False
    if kind == "complaint":
        plan = rng.choices(["fcr", "refused", "stage1", "stage2", "withdrawn"], [35, 5, 48, 7, 5])[
            0
        ]
        state = {
            "fcr": "service_request_resolved",
            "refused": "not_accepted",
            "stage1": "closed",
            "stage2": "closed",
            "withdrawn": "withdrawn",
        }[plan]
        fcr = plan == "fcr"
        if plan == "withdrawn":
            plan = "stage1"  # withdrawn during Stage 1
    case = Case(
        organisation=organisation,
        reference=f"BEN-{number:09d}",
        kind=kind,
        state=state,
        service=rng.choice(services),
        channel=rng.choice(channels),
        category=rng.choice(categories),
        ground=rng.choice(grounds) if kind == "complaint" else None,
        received_at=received,
        summary="Benchmark case",
        description="Generated for the reporting benchmark.",
        resolved_at_first_contact=fcr,
        closed_at=received + timedelta(days=rng.randint(1, 60)),
    )
    return case, plan


def _stage(rng, organisation, case, stage: int, opened: datetime, policies):
    from escalation.models import CaseStage

    due = (opened + timedelta(days=21 if stage == 1 else 28)).date()
    answered = case.state != "withdrawn" or stage == 2
    responded = opened + timedelta(days=rng.randint(3, 35)) if answered else None
    extended = rng.random() < 0.08
    return CaseStage(
        organisation=organisation,
        case=case,
        stage=stage,
        policy=policies[stage],
        opened_at=opened,
        acknowledge_due=(opened + timedelta(days=2)).date(),
        response_due_original=due,
        response_due=due + timedelta(days=14) if extended else due,
        extended_at=opened + timedelta(days=10) if extended else None,
        responded_at=responded,
        working_days_taken=((responded - opened).days * 5) // 7 if responded else None,
        response_met=(responded.date() <= due) if responded else None,
        outcome=rng.choice(OUTCOMES) if responded else "",
        lessons_learned="Improve the process" if responded and rng.random() < 0.2 else "",
    )

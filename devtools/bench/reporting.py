"""Reporting's benchmark: `run(stdout, **options)`, called by `manage.py bench` (devtools.bench)
or on its own with `manage.py reporting_bench`.

It makes sure the database holds `cases` cases received over five years (generating them if
needed with the bench's bulk generator, `devtools.bench.generate.cases_generate`), then
prints the time of a half-year Standards Committee report (every measure, every service, three
periods), the Code's annual report with its self-assessment evidence, the public statistics
page and a CSV export, and PostgreSQL's plans of the main queries, to show that they use
indexes. It never fails on time: the figures go in the README.
"""

import random
import statistics
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

from devtools.bench.generate import cases_generate
from feedback import clock
from feedback.models import Case, Organisation
from reporting import periods
from reporting.annual import annual_assessment_get
from reporting.measures.compute import report_queries
from reporting.selectors import public_statistics_get, report_get
from reporting.tables import tables_build

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
    # As `manage.py bench` does after its load (and the peer's generator): fresh planner
    # statistics and, on PostgreSQL outside a transaction (a test's), the visibility map, so
    # the case query can be the index-only scan of case_report_received_idx. The stage
    # queries no longer depend on it (they join no case).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
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
    year = periods.latest_complete(clock.today(), kind=periods.PeriodKind.YEAR)

    def annual_report():
        """The Code's annual report as its page builds it: the year's report tables and the
        self-assessment with the system's evidence."""
        report_get(organisation=organisation, kind="annual", period=year)
        return annual_assessment_get(organisation=organisation, year=year.start.year)

    _time(
        write,
        f"Annual report {year.label}, tables and self-assessment evidence",
        annual_report,
        repeats,
    )
    _time(
        write,
        "  of which the self-assessment evidence alone",
        lambda: annual_assessment_get(organisation=organisation, year=year.start.year),
        repeats,
    )

    def public_uncached():
        cache.clear()
        return public_statistics_get(organisation=organisation, period=period)

    _time(write, "Public statistics page (measures, not cached)", public_uncached, repeats)
    _time(
        write,
        "Public statistics page (whole request, figures cached)",
        _public_page(period),
        repeats,
    )
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

    from devtools.bench.measure import signed_in_client
    from feedback.roles import Role, roles_ensure

    roles_ensure()
    user, _ = get_user_model().objects.get_or_create(username="bench-committee")
    user.groups.add(Group.objects.get(name=Role.COMMITTEE_MEMBER))
    client = signed_in_client(user)
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
    write("  generating with the bench's bulk generator (devtools.bench), over five years")
    cases_generate(
        organisation=organisation, count=cases - existing, rng=random.Random(seed), now=clock.now()
    )
    write(f"  generated {cases - existing:,} cases in {time.perf_counter() - started:.0f} s")

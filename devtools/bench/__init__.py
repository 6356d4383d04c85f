"""`manage.py bench`: fill the configured database with N realistic cases, then print how
fast the pages that matter are at that size. It prints figures; it never fails on time.

Each other app's figures are `devtools/bench/<app>.py`, whose `run(stdout=, **options)` is called
after these.
"""

import importlib
import random
import time
from collections.abc import Callable

from django.core.management import call_command

from feedback import clock
from feedback.models import Case, Organisation

from .generate import cases_generate
from .measure import committee_report, officer_list
from .public_form import public_form
from .results import results_write

OTHER_APPS = ["escalation", "letters", "ombudsman", "reporting"]


class RefusedError(Exception):
    pass


def organisation_for_bench() -> Organisation:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        with open("/dev/null", "w") as quiet:  # noqa: PTH123
            call_command("council_setup", stdout=quiet)
        organisation = Organisation.objects.order_by("pk").first()
    return organisation


def cases_ensure(
    *, cases: int, seed: int, force: bool, batch_size: int, write: Callable[[str], None]
) -> Organisation:
    """Bring the database up to `cases` cases. A database that already has that many is only
    measured; one with some cases (the demo, say) is refused unless `force`, because the bench
    would bury them under made-up ones."""
    organisation = organisation_for_bench()
    existing = Case.objects.count()
    if existing >= cases:
        write(f"The database already holds {existing:,} cases: measuring without generating.")
        return organisation
    if existing and not force:
        raise RefusedError(
            f"This database already holds {existing:,} cases (the demo?). The bench would add "
            f"{cases - existing:,} made-up ones. Use a database of its own (`make bench` uses "
            "var/bench.sqlite3 unless DATABASE_URL is set) or pass --force."
        )
    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 50_000 < batch_size or done == cases - existing:
            rate = done / (time.perf_counter() - started)
            write(f"  {done:>10,} cases generated ({rate:,.0f}/s)")

    cases_generate(
        organisation=organisation,
        count=cases - existing,
        rng=random.Random(seed),
        now=clock.now(),
        batch_size=batch_size,
        progress=progress,
    )
    write(f"Generated {cases - existing:,} cases in {time.perf_counter() - started:.0f} s.")
    return organisation


def run(
    *,
    cases: int,
    seed: int = 1,
    force: bool = False,
    repeats: int = 20,
    submissions: int = 50,
    batch_size: int = 5000,
    letters: int = 500,
    json_path: str | None = None,
    write: Callable[[str], None] = print,
    stdout=None,
) -> None:
    from django.db import connection

    write(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    organisation = cases_ensure(
        cases=cases, seed=seed, force=force, batch_size=batch_size, write=write
    )
    _analyse()
    write("")
    write(f"Officer case list ({Case.objects.count():,} cases; server time per request):")
    timings = officer_list(organisation=organisation, repeats=repeats, write=write)
    write("")
    write("Public feedback form (the whole flow, start page to confirmation):")
    submission = public_form(submissions=submissions, write=write)
    write("")
    write("The Standards Committee's half-year report (the whole page, figures not cached):")
    timings += committee_report(repeats=min(repeats, 10), write=write)
    for app in OTHER_APPS:
        try:
            module = importlib.import_module(f"devtools.bench.{app}")
        except ModuleNotFoundError as exc:
            if exc.name != f"devtools.bench.{app}":
                raise
            continue
        write("")
        module.run(
            stdout=stdout, cases=cases, repeats=repeats, repeat=repeats, batch=letters, seed=seed
        )
    if json_path:
        peer_ids = ("a_", "b_", "c_")
        scenarios = {t.label: t.figures() for t in timings if t.label.startswith(peer_ids)}
        scenarios.update(submission or {})
        results_write(json_path, cases=Case.objects.count(), scenarios=scenarios, reps=repeats)
        write(f"\nWrote {json_path} (compare: python3 ../shared/peer-bench/compare.py FILE PEER)")


def _analyse() -> None:
    """Fresh planner statistics and, on PostgreSQL, the visibility map (VACUUM), as after any
    bulk load (autovacuum would do both later; the peer's generator does the same), so the
    first queries are planned on the real table sizes and index-only scans can be used."""
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:  # VACUUM cannot run in a transaction (a test's)
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")

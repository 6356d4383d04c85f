"""`manage.py loadtest` at a tiny scale: a real gunicorn with the production settings on a scratch
PostgreSQL database, a few clients through the API and the whole public form. The counts are
asserted, never the times (CI runs it against its own PostgreSQL and Redis)."""

import io
import pstats

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from devtools.loadtest import server
from devtools.loadtest.client import Results
from devtools.management.commands.loadtest import Command as LoadTest

# A group of its own, so that `--dist loadgroup` hands it out at the start of the run with the
# other groups (xdist queues groups before single tests, the largest first) rather than last:
# the module takes two minutes of wall time on a busy machine, mostly waiting on gunicorn, and
# queued last it left one process running alone while the others had finished (83 s of a run).
# None of its tests uses the test database through pytest-django, so running before the
# database tests changes nothing they see.
pytestmark = pytest.mark.xdist_group("loadtest")


def _scratch_urls() -> tuple[str, str]:
    """The scratch database is named after this process's test database (test_NAME_gw0_loadtest),
    so two checkouts running the suite on one server never drop each other's."""
    database = settings.DATABASES["default"]
    broker = settings.CELERY_BROKER_URL
    if database["ENGINE"] != "django.db.backends.postgresql" or not broker.startswith("redis"):
        pytest.skip("the load test needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)")
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{host}/{database['NAME']}_loadtest", broker


def _load_test(*options: str) -> str:
    """`manage.py loadtest` with `options`, two gunicorn workers, on a scratch copy of this
    process's test database; what it printed."""
    database_url, redis_url = _scratch_urls()
    connections.close_all()
    out = io.StringIO()
    call_command(
        "loadtest",
        *options,
        "--workers=2",
        f"--database-url={database_url}",
        f"--template-database={settings.DATABASES['default']['NAME']}",
        f"--redis-url={redis_url}",
        "--time-limit=300",
        stdout=out,
    )
    return out.getvalue()


def test_a_small_load_test_makes_exactly_one_case_per_submission(django_db_setup):
    """The scratch database is a copy of this process's migrated test database, which every
    test leaves empty (rolled back or flushed); `migrate` still runs on it, with nothing to do.
    Copying needs nobody connected to the test database: this test holds no transaction, so
    this process's connections close (the next test that needs one opens it again)."""
    text = _load_test(
        "--submissions=20",
        "--clients=5",
        "--form-every=4",  # 5 whole form flows, 15 API calls
    )
    assert "new cases: 20\n" in text
    assert "distinct references: 20\n" in text
    assert "acknowledgements queued: 20\n" in text
    assert "whole public form flow: 5 flows" in text
    assert "API POST /api/v1/cases/: 15 requests" in text
    assert "Counts right: 0 server errors." in text


def test_a_wrong_count_or_a_server_error_fails_the_load_test():
    """A benchmark that never fails on time must still fail when a submission goes missing,
    is stored twice, or meets a server error."""
    check = LoadTest(stdout=io.StringIO())._check
    before = server.Counts(cases=0, references=0, acknowledgements=0)
    results = Results(references=["CMP-2026-00001", "CMP-2026-00002"])
    check(2, results, before, server.Counts(cases=2, references=2, acknowledgements=2))
    with pytest.raises(CommandError, match="new cases: 3, expected 2"):
        check(2, results, before, server.Counts(cases=3, references=3, acknowledgements=2))
    with pytest.raises(CommandError, match="acknowledgements queued: 1, expected 2"):
        check(2, results, before, server.Counts(cases=2, references=2, acknowledgements=1))
    results.server_errors = 1
    with pytest.raises(CommandError, match="1 server errors"):
        check(2, results, before, server.Counts(cases=2, references=2, acknowledgements=2))


def test_the_floor_serves_each_kind_of_request_and_the_workers_profile_themselves(
    django_db_setup, tmp_path
):
    """`--floor`: the same gunicorn and client, one kind of request at a time (a bare WSGI
    answer, a trivial Django view, a DRF view inserting one row, the API and the whole form),
    each counted; `--profile` leaves one CPU profile per worker, of the measured requests."""
    text = _load_test(
        "--floor",
        "--submissions=8",
        "--clients=4",
        "--form-every=4",  # 2 whole form flows
        f"--profile={tmp_path}",
    )
    for line in (
        "bare WSGI (gunicorn, no Django): 8 requests",
        "trivial Django view: 8 requests",
        "DRF view, one INSERT: 8 requests",
        "API POST /api/v1/cases/: 8 requests",
        "whole public form flow: 2 flows",
        "floor rows inserted: 8\n",
        "new cases: 10\n",
        "acknowledgements queued: 10\n",
        "Counts right: 0 server errors.",
    ):
        assert line in text, text
    profiles = sorted(tmp_path.glob("worker-*.prof"))
    assert profiles, text
    functions = set()
    for profile in profiles:
        functions |= {name for (_, _, name) in pstats.Stats(str(profile)).stats}
    assert {"django_hello", "case_create"} <= functions  # the floor view, the API create

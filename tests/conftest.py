import gc
import os
import shutil

import pytest

from tests.browser import assets_watch

# Playwright's sync API runs an event loop in the main thread; the ORM would refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The same switches as `make screenshots` (Debian's chromium, run as root in containers).
from devtools.chromium import CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    tmp_path_factory,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own set-up (the same steps), except that under pytest-xdist (PostgreSQL,
    or a SQLite file) a test database to be made is copied from a template migrated once for
    the run (tests.dbtemplate); Django then finds it there and only checks it is migrated."""
    from django.test.utils import teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests.dbtemplate import database_from_template, template_wanted

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        copied = {
            alias
            for alias in aliases
            if django_db_use_migrations
            and template_wanted(alias, worker=worker, recreate=not keepdb)
        }
        for alias in sorted(copied):
            database_from_template(
                alias,
                worker=worker,
                run_folder=tmp_path_factory.getbasetemp().parent,
                verbosity=verbosity,
            )
        # Django is told to keep a copy (it is already the fresh database), but it is dropped
        # at the end as any other would be.
        db_cfg = [
            (connection, old_name, not django_db_keepdb)
            for connection, old_name, _ in _databases_setup(
                copied, serialized_aliases, verbosity, keepdb=True
            )
        ] + _databases_setup(aliases - copied, serialized_aliases, verbosity, keepdb=keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


def _databases_setup(aliases, serialized_aliases, verbosity, *, keepdb) -> list:
    from django.test.utils import setup_databases

    if not aliases:
        return []
    return setup_databases(
        verbosity=verbosity,
        interactive=False,
        aliases=aliases,
        serialized_aliases=serialized_aliases & aliases,
        keepdb=keepdb,
    )


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Debian's chromium driven by Playwright's sync API (STACK-TRAPS §5). Tests that use it
    also take `live_server` and `django_db(transaction=True)`."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:  # CI runs with REQUIRE_NO_SKIPS=1, where a skip fails the run
        pytest.skip("chromium is not installed: run scripts/ensure-chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_server_static(request):
    """Every page the live server sends comes with its CSS and JavaScript.

    The live server finds static files by their source names (StaticFilesHandler, fresh from
    scss/ and static/ with nothing collected), but the manifest storage names them by hash, so
    every stylesheet and script would 404 and the browser tests would check unstyled pages
    without GOV.UK Frontend's JavaScript. Pages under the live server therefore use the source
    names. The hashed names are still checked: `make test` runs collectstatic, and every test
    client page renders `{% static %}` through the manifest, which refuses a missing file."""
    if "live_server" not in request.fixturenames:
        return
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser_context(browser):
    """Makes browser contexts (keyword arguments as `browser.new_context`), closed after the
    test; the test fails if any of their pages missed a static file or threw a script error."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(locale="en-GB", **kwargs)
        contexts.append((context, assets_watch(context)))
        return context

    yield make
    for context, _ in contexts:
        context.close()
    problems = [problem for _, found in contexts for problem in found]
    if problems:
        pytest.fail("Static files or scripts failed in the browser:\n" + "\n".join(problems))


@pytest.fixture
def page(browser_context):
    return browser_context().new_page()


@pytest.fixture(scope="session", autouse=True)
def _fast_test_settings():
    """Speed-ups for every app's tests; neither changes what a test checks.

    * Officers are made with passwords, and the production hasher costs about a second each.
    * WhiteNoise scans the collected static files (thousands) whenever a test client builds
      its middleware, about 1.3 s a client; with autorefresh it looks a file up only when a
      request asks for one. Session-wide, so module-scoped fixtures get both too."""
    from django.test import override_settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        WHITENOISE_AUTOREFRESH=True,
        TWO_FACTOR_REQUIRED=False,
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After each transactional test (live server, real workers, other processes) Django empties
    every table; on PostgreSQL with one TRUNCATE of all 74, which makes new files for each
    table and waits for their fsync: 0.25 s on a quiet machine, 1-5 s on a busy one, where
    DELETE FROM each table takes 15 ms (the tables hold a test's few rows). The tables end as
    empty either way, and the sequences go on either way (Django resets none). The foreign
    keys are DEFERRABLE (as Django makes them), so the order of the DELETEs does not matter;
    the cases go first so that the search triggers on events and letters find none to
    refresh. Anything else (resetting sequences, cascading to tables not named) is left to
    Django."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        ordered = sorted(tables, key=lambda table: table != "feedback_case")
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"DELETE FROM {self.quote_name(table)}"  # noqa: S608 - Django's own table names
            for table in ordered
        ]

    DatabaseOperations.sql_flush = sql_flush
    try:
        yield
    finally:
        DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in the test's own process unless a test starts a real worker."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: each test starts with nothing counted. Reference data
    kept by the process (feedback.reference) would outlive a test's rolled-back or flushed
    database."""
    from django.core.cache import cache

    from feedback.reference import reference_forget

    cache.clear()
    reference_forget()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db):
    """The council with its default categories, channels, services and stage policies: what
    `council_setup` makes, written set-based after each process's first (tests.council)."""
    from tests.council import council_make

    return council_make()


@pytest.fixture
def housing(organisation):
    from feedback.models import ServiceArea

    return ServiceArea.objects.get(slug="housing")


@pytest.fixture
def planning(organisation):
    from feedback.models import ServiceArea

    return ServiceArea.objects.get(slug="planning-and-development")


@pytest.fixture
def web_form(organisation):
    from feedback.models import Channel

    return Channel.objects.get(slug="web-form")


@pytest.fixture
def complaints_officer(organisation):
    from feedback.roles import Role
    from tests.factories import officer_create

    return officer_create(role=Role.COMPLAINTS_OFFICER, username="central")


@pytest.fixture
def complaints_manager(organisation):
    from feedback.roles import Role
    from tests.factories import officer_create

    return officer_create(role=Role.COMPLAINTS_MANAGER, username="manager")


@pytest.fixture
def housing_officer(housing):
    """An investigating officer for Housing only."""
    from feedback.roles import Role
    from tests.factories import officer_create

    return officer_create(role=Role.INVESTIGATING_OFFICER, services=[housing], username="housing")


@pytest.fixture
def planning_officer(planning):
    """A colleague outside Housing."""
    from feedback.roles import Role
    from tests.factories import officer_create

    return officer_create(role=Role.INVESTIGATING_OFFICER, services=[planning], username="planner")


@pytest.fixture
def housing_manager(housing):
    from feedback.roles import Role
    from tests.factories import officer_create

    user = officer_create(role=Role.SERVICE_MANAGER, services=[housing], username="housingboss")
    housing.manager = user
    housing.save(update_fields=["manager"])
    return user


@pytest.fixture
def committee_member(organisation):
    from feedback.roles import Role
    from tests.factories import officer_create

    return officer_create(role=Role.COMMITTEE_MEMBER, username="councillor")


@pytest.fixture
def housing_case(organisation, housing, web_form):
    from tests.factories import CaseFactory

    return CaseFactory(organisation=organisation, service=housing, channel=web_form)


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """Under pytest-xdist, each process rewrites the asserts of a share of the test modules
    before collecting, and keeps the result where pytest looks for it (its own cache of
    rewritten modules, `__pycache__/*-pytest-*.pyc`, checked against the source's hash).

    Every process collects every module; each rewrote all of them (about 5 s of CPU of its
    12 s of collection), because with PYTHONDONTWRITEBYTECODE set (this machine's environment)
    pytest keeps nothing, and a fresh clone (CI) has nothing kept. Now each module is rewritten
    once for the run, by one process, and a second run rewrites only what changed. The modules
    are the same ones pytest rewrites, with the same rewriting; the asserts report as before."""
    _rewrite_share(session.config)


def _rewrite_share(config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None or config.getoption("assertmode") != "rewrite":
        return
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
        )
    except ImportError:  # another pytest: each process rewrites its own, as pytest does
        return
    from fnmatch import fnmatch
    from pathlib import Path

    patterns = [*config.getini("python_files"), "conftest.py"]
    files = sorted(
        path
        for path in Path(__file__).parent.rglob("*.py")
        if any(fnmatch(path.name, pattern) for pattern in patterns)
    )
    index = int(str(workerinput["workerid"]).removeprefix("gw"))
    state = config.stash[assertstate_key]
    for path in files[index :: int(workerinput["workercount"])]:
        pyc = get_cache_dir(path) / (path.name[:-3] + PYC_TAIL)
        if _read_pyc(path, pyc) is not None:
            continue
        source_hash, code = _rewrite_test(path, config)
        pyc.parent.mkdir(exist_ok=True)
        _write_pyc(state, code, source_hash, pyc)


def pytest_collection_finish(session):
    """The cyclic garbage collector less often, and never through what collection loaded.

    With Python's default thresholds (700, 10, 10) the collector ran some 6,500 times in 325
    tests, 12% of their CPU: WeasyPrint, pdfminer and the ORM allocate millions of objects, and
    each full collection walks every object alive, Django's and the test modules' included. The
    objects alive after collection are moved out of the collector's sight (`gc.freeze`), and a
    young collection waits for 50,000 allocations instead of 700. Nothing a test checks depends
    on when cycles are freed (reference counting frees everything else at once); the processes
    hold a little more memory between collections."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Makes `--dist loadgroup` keep each xdist_group on one process again. pytest-xdist 3.8
    marks a test's group by appending "@group" to its nodeid through the attribute `_nodeid`,
    which pytest 9.2 no longer reads (a node's id is now `_id`): every group was spread over
    both processes, and the module-wide fixture each group exists for (the demo, 10 s) was
    built in both. Does nothing where xdist's own suffix took."""
    if not getattr(config.option, "loadgroup", False):  # set in xdist's worker processes
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        names = sorted({_group_name(mark) for mark in item.iter_markers("xdist_group")})
        if names and not item.nodeid.endswith("@" + "_".join(names)):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


def _group_name(mark) -> str:
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))


def pytest_sessionfinish(session, exitstatus):
    """In CI (REQUIRE_NO_SKIPS=1) a skipped test is a failure: every suite is required there."""
    if os.environ.get("REQUIRE_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REQUIRE_NO_SKIPS: {len(skipped)} test(s) skipped; every suite must run in CI.",
            red=True,
        )
        for report in skipped:
            reporter.write_line(f"  skipped: {report.nodeid} {report.longrepr}")
        session.exitstatus = 1


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own that it may stop and start (tests.workers.RedisServer),
    with this process publishing to it for real."""
    from config.celery import app
    from tests.workers import RedisServer, app_broker_use

    server = RedisServer(tmp_path)
    old_url = app.conf.broker_write_url
    app.conf.task_always_eager = False  # publish for real, from this process too
    try:
        yield server
    finally:
        server.stop()
        app_broker_use(old_url)


@pytest.fixture
def workers(tmp_path):
    """Real Celery worker processes the test starts (tests.workers.Workers), all stopped after."""
    from tests.workers import Workers

    started = Workers(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()

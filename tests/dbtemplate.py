"""One migration for all pytest-xdist processes: the first process to get here migrates a
template database, and every process copies it as its own test database (PostgreSQL: `CREATE
DATABASE test_NAME_gw0 TEMPLATE test_NAME_template`, a fraction of a second; SQLite: the
template file, in the run's temporary folder, copied page by page to var/test.sqlite3_gw0).

Each process migrating its own database took 17-22 s where one alone takes 10 s (on a loaded
machine 35 s each): the three migrations competed for the same two cores. The template is
migrated afresh in every run (the marker that says it is ready lives in the run's own
temporary folder), so a copy never has a schema older than the code's migrations. On SQLite
this is paid on a first run (or --create-db) only: a second `make test` keeps its files."""

import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections


def template_wanted(alias: str, *, worker: str | None, recreate: bool) -> bool:
    """Whether this process's test database comes from the shared template: only under
    pytest-xdist, on PostgreSQL or a SQLite file, and when the database is to be made
    (--create-db, or it is not there yet). A kept database (--reuse-db) is left to Django, which
    migrates what is new."""
    connection = connections[alias]
    if worker is None or connection.vendor not in ("postgresql", "sqlite"):
        return False
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        if connection.creation.is_in_memory_db(name):
            return False
        return recreate or not Path(name).exists()
    return recreate or not _exists(alias, name)


def database_from_template(alias: str, *, worker: str, run_folder: Path, verbosity: int) -> None:
    """Makes this process's test database a copy of the run's template, migrating the
    template first if no process has yet. The lock also keeps other sessions off the template
    while it is copied (PostgreSQL refuses to copy a database anyone is connected to)."""
    connection = connections[alias]
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        template = run_folder / f"{Path(name).name.removesuffix('_' + worker)}_template"
        _sqlite_from_template(alias, name, template=template, verbosity=verbosity)
        return
    template = f"{name.removesuffix('_' + worker)}_template"  # test_NAME_gw0: test_NAME_template
    ready = run_folder / f"{template}.ready"
    _drop(alias, name)  # outside the lock: dropping waits for a checkpoint (about 2 s)
    with _locked(run_folder / f"{template}.lock"):
        if not ready.exists():
            _migrate(alias, template, verbosity)
            ready.touch()
        _copy(alias, template, name)


def _sqlite_from_template(alias: str, name: str, *, template: Path, verbosity: int) -> None:
    """The SQLite test database `name` (var/test.sqlite3_gw0) as a copy of `template`, a file
    in the run's temporary folder migrated by the first process to get here."""
    ready = template.with_name(template.name + ".ready")
    with _locked(template.with_name(template.name + ".lock")):
        if not ready.exists():
            _migrate(alias, str(template), verbosity)
            ready.touch()
        for stale in (name, f"{name}-wal", f"{name}-shm"):
            Path(stale).unlink(missing_ok=True)
        # The backup API copies a consistent database whatever its journal (WAL) holds.
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(name)) as copy:
            source.backup(copy)


def _migrate(alias: str, template: str, verbosity: int) -> None:
    """A fresh database named `template` with every migration applied (Django's own test
    database creation under another name; an old one of that name is dropped first)."""
    connection = connections[alias]
    test_settings = connection.settings_dict["TEST"]
    names = (connection.settings_dict["NAME"], test_settings["NAME"])
    test_settings["NAME"] = template
    try:
        connection.creation.create_test_db(
            verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False
        )
    finally:
        connection.close()  # nobody may be connected to a template while it is copied
        settings.DATABASES[alias]["NAME"] = connection.settings_dict["NAME"] = names[0]
        test_settings["NAME"] = names[1]


def _drop(alias: str, name: str) -> None:
    connection = connections[alias]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def _copy(alias: str, template: str, name: str) -> None:
    """PostgreSQL 15's default strategy copies through the WAL: 0.1 s for the test database,
    where FILE_COPY's checkpoint takes seconds."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


def _exists(alias: str, name: str) -> bool:
    with connections[alias]._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Held by one process of the run at a time (an advisory lock on a file)."""
    with path.open("a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)

"""The server side of the load test: a scratch PostgreSQL database, gunicorn with the production
settings on loopback, an optional real Celery worker, and the counts read back afterwards.

Everything runs as child processes of `manage.py loadtest` with its own environment, so the
caller's database and settings are never touched; the scratch database is dropped at the end
unless asked to keep it."""

import contextlib
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from devtools.loadtest.floor import FLOOR_TABLE, TABLE_SQL

logging.getLogger("httpx").setLevel(logging.WARNING)  # its line per request (the readiness poll)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
TOKEN_USER = "loadtest"  # noqa: S105 (a username, not a password)

# The load test's own limits: one loopback address sends thousands of forms a minute, which the
# public form's time-trap (SPAM_MIN_SECONDS) and rate limits (RATELIMIT_*) exist to refuse. The
# same variables raise them for an operator (README, "Benchmarks").
GENEROUS_LIMITS = {
    "SPAM_MIN_SECONDS": "0",
    "RATELIMIT_SUBMIT": "1000000/h",
    "RATELIMIT_PROGRESS": "1000000/h",
    "RATELIMIT_UPLOAD": "1000000/h",
    # Per second, not per minute: DRF's throttle keeps every request time of its period in one
    # cache entry, read and written on each request, so a minute at 200 requests a second would
    # be 12,000 times (some 100 KB through Redis a request), where production's 600/min keeps
    # at most 600. A second keeps as many as the run sends in one, fewer than production's.
    "API_TOKEN_RATE": "1000000/s",
}


@dataclass
class Counts:
    cases: int
    references: int
    acknowledgements: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(*, database_url: str, broker_url: str, cache_url: str) -> dict[str, str]:
    return {
        **os.environ,
        **GENEROUS_LIMITS,
        "PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": "loadtest",
        "CACHE_URL": cache_url,
        # The worker, if any, writes the acknowledgements nowhere: the addresses are made up.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SITE_URL": "https://127.0.0.1",
    }


def _admin_url(database_url: str) -> tuple[str, str]:
    """The server's maintenance database URL and the scratch database's name."""
    head, _, name = database_url.rpartition("/")
    return f"{head}/postgres", name


def database_create(database_url: str, *, template: str | None = None) -> None:
    """An empty database, or a copy of `template` (an already migrated database: PostgreSQL
    copies it file by file, where migrating costs some 20 s). PostgreSQL refuses to copy a
    database someone is connected to; then the new one starts empty, as without a template."""
    admin, name = _admin_url(database_url)
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        try:
            connection.execute(create)
        except psycopg.errors.ObjectInUse:
            # Someone is connected to the template after all: an empty database, migrated.
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(database_url: str) -> None:
    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [*MANAGE, *args], env=env, cwd=BASE_DIR, check=True, capture_output=True, text=True
    ).stdout


def database_prepare(env: dict[str, str]) -> str:
    """Migrate, set the council up, collect the static files (the production settings' manifest
    storage needs them), and return an API key that may create cases."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "council_setup")
    return manage(
        env, "api_token", TOKEN_USER, "--role", "Complaints officer", "--scopes", "create"
    ).strip()


def api_body(database_url: str) -> dict:
    """A valid API case whose service, category and channel exist in the scratch database."""
    with psycopg.connect(database_url) as connection:

        def first_slug(table: str, condition: str = "") -> str:
            query = sql.SQL("SELECT slug FROM {} WHERE is_active {} ORDER BY id LIMIT 1")
            row = connection.execute(
                query.format(sql.Identifier(table), sql.SQL(condition))
            ).fetchone()
            assert row is not None, f"council_setup made no {table}"
            return row[0]

        return {
            "kind": "complaint",
            "channel": first_slug("feedback_channel"),
            "service": first_slug("feedback_servicearea"),
            "category": first_slug("feedback_category", "AND for_complaints"),
            "summary": "Load test",
            "description": "The bins on Mill Lane have not been collected for three weeks.",
            "customer": {"first_name": "Pat", "last_name": "Load", "email": "load@example.com"},
        }


def counts(database_url: str) -> Counts:
    with psycopg.connect(database_url) as connection:
        cases, references = connection.execute(
            "SELECT count(*), count(DISTINCT reference) FROM feedback_case"
        ).fetchone()
        (acknowledgements,) = connection.execute(
            "SELECT count(*) FROM feedback_notification WHERE key LIKE 'ack-email:%%'"
        ).fetchone()
    return Counts(cases=cases, references=references, acknowledgements=acknowledgements)


def floor_table_create(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(TABLE_SQL)


def floor_rows(database_url: str) -> int:
    with psycopg.connect(database_url) as connection:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(FLOOR_TABLE))
        (rows,) = connection.execute(query).fetchone()
    return rows


@dataclass
class Running:
    base: str  # the server's URL
    server_pid: int  # gunicorn's master


@contextlib.contextmanager
def processes(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    celery_worker: bool,
    log: Path,
    threads: int = 1,
    application: str = "config.wsgi",
    profile_dir: Path | None = None,
) -> Iterator[Running]:
    """gunicorn (and a Celery worker) until the block ends; yields its URL and master's pid
    once the server answers. `application`: the WSGI module (the floor's has its own);
    `profile_dir`: each worker's CPU profile is written there (`gunicorn_profile`)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    profiling = []
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
        (profile_dir / "measuring").unlink(missing_ok=True)  # until the warm-up is done
        env = {**env, "LOADTEST_PROFILE_DIR": str(profile_dir)}
        profiling = ["--config", "python:devtools.loadtest.gunicorn_profile"]
    with log.open("w") as out:
        commands = [
            [
                sys.executable,
                "-m",
                "gunicorn",
                application,
                *profiling,
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--backlog",
                "2048",
            ]
        ]
        if celery_worker:
            commands.append(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "loadtest"]
                + ["--concurrency", "1", "--loglevel", "WARNING"]
            )
        started = [
            subprocess.Popen(  # noqa: S603 (gunicorn and celery from this venv)
                command, env=env, cwd=BASE_DIR, stdout=out, stderr=subprocess.STDOUT
            )
            for command in commands
        ]
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_answering(base, started[0])
            yield Running(base=base, server_pid=started[0].pid)
        finally:
            for process in started:
                process.send_signal(signal.SIGTERM)
            for process in started:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_until_answering(base: str, process: subprocess.Popen, bound_s: float = 120) -> None:
    give_up = time.monotonic() + bound_s
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before answering")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(base + "/", headers={"X-Forwarded-Proto": "https"}, timeout=5)
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {bound_s:.0f} s")


def queue_purge(broker_url: str) -> int:
    """Drop the tasks the run queued and no worker took (the acknowledgements stay in the
    outbox table, which is what the counts check)."""
    from kombu import Connection

    with Connection(broker_url, connect_timeout=3) as connection:
        channel = connection.channel()
        try:
            return channel.queue_purge("loadtest") or 0
        except Exception:  # noqa: BLE001 (the queue may not exist: nothing was published)
            return 0

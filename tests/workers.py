"""Real processes for fault tests: a Redis server the test stops and starts, and Celery
workers against the test database."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

STARTUP_AND_TASK_SECONDS = 120


def database_url() -> str:
    """The test database, as the worker's DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def wait_for(predicate, timeout: float = STARTUP_AND_TASK_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def tasks_finished(since=None) -> int:
    """How many tasks the real workers have finished (since a time, if given): the result
    backend (django-db) stores a row for each in the test database. A fault test counts the
    outbox sweeps this way, the one task that is due every second there."""
    from django_celery_results.models import TaskResult

    finished = TaskResult.objects.all()
    if since is not None:
        finished = finished.filter(date_done__gt=since)
    return finished.count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """Our own redis-server on a free loopback port, so stopping it harms nobody else."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary, our own arguments
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        assert wait_for(answers, timeout=20), "redis-server did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


def app_broker_use(url: str | None) -> None:
    """Point this process's Celery app at `url`, dropping connections to the old broker."""
    # Publishing uses broker_write_url; broker_url itself is overridden by the environment's
    # CELERY_BROKER_URL (celery.app.utils.Settings.broker_url).
    app.conf.broker_write_url = url
    # What app.close() does, less taking the app off Celery's list of live apps: a shared task
    # whose module is first imported after that is never registered on it (NotRegistered: an
    # email from a later test in this process was never published). The old pool is kombu's,
    # kept per URL and handed out again when a test points the app back: it stays open.
    app._pool = None
    app.amqp._producer_pool = None  # built from that pool


class Workers:
    """Starts Celery workers (solo pool) with extra environment; stops them all at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, *, broker_url: str, beat: bool = False, **env: str) -> subprocess.Popen:
        log = self.folder / f"worker-{len(self.processes)}.log"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat"]
        if beat:
            command += ["-B", "--schedule", str(self.folder / f"beat-{len(self.processes)}")]
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=settings.BASE_DIR,
            env={
                **os.environ,
                "DATABASE_URL": database_url(),
                "CELERY_BROKER_URL": broker_url,
                "CELERY_TASK_ALWAYS_EAGER": "false",
                **env,
            },
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill takes beat too
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: no shutdown handler runs, nothing is acknowledged or cleaned up."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        for log in sorted(self.folder.glob("worker-*.log")):
            print(log.name, log.read_text()[-3000:])

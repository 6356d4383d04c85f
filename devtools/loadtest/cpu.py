"""CPU seconds spent by each side of the load test, so its figures say where the two cores went
and not only how long the run took (the client, gunicorn, PostgreSQL and Redis share them, and
other jobs on the machine make wall-clock times noisy).

Read from /proc (Linux): a process's user + system time. gunicorn is its master and every
worker; PostgreSQL is every backend connected to the scratch database, found by a sampler
every second, so a backend that closes during the run still counts up to its last sample. The
client is this process (`time.process_time`). Elsewhere /proc is missing and the figures are
None."""

import os
import threading
import time
from pathlib import Path

import psycopg

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_s(pid: int) -> float | None:
    """User + system seconds of `pid` (not its children), or None once it has gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    # After the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy_s() -> float:
    """Seconds every CPU of the machine was busy since boot, whoever for (other jobs too)."""
    fields = [int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and waiting for I/O
    return (sum(fields[:8]) - idle) / TICKS


def children(pid: int) -> list[int]:
    found = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class CpuMeter:
    """The CPU seconds of the server's processes and of the database's backends between start()
    and stop(); the client's own from process_time in the calling process."""

    def __init__(self, *, server_pid: int, database_url: str, interval_s: float = 1.0):
        self.server_pid, self.database_url, self.interval_s = server_pid, database_url, interval_s
        self.available = (PROC / str(os.getpid()) / "stat").exists()
        self._first: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self._last: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client_start = 0.0
        self._sampler_s = 0.0  # the sampler thread's own CPU, which is not the client's
        self._connection: psycopg.Connection | None = None
        self._machine_start = 0.0
        self.client_s = self.server_s = self.database_s = self.machine_s = None

    def _pids(self) -> dict[str, list[int]]:
        head, _, name = self.database_url.rpartition("/")
        if self._connection is None:
            self._connection = psycopg.connect(f"{head}/postgres", autocommit=True)
        rows = self._connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchall()
        return {
            "server": [self.server_pid, *children(self.server_pid)],
            "database": [pid for (pid,) in rows],
        }

    def _sample(self, *, first: bool = False) -> None:
        for side, pids in self._pids().items():
            for pid in pids:
                seconds = process_cpu_s(pid)
                if seconds is None:
                    continue
                # A process first seen after start() spent all its time within the run.
                self._first[side].setdefault(pid, seconds if first else 0.0)
                self._last[side][pid] = seconds

    def _run(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(self.interval_s):
            self._sample()
        self._sampler_s = time.thread_time() - started

    def start(self) -> None:
        if self.available:
            self._sample(first=True)
            self._machine_start = machine_busy_s()
        self._client_start = time.process_time()
        if not self.available:
            return
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Call while the server still runs: its workers' times vanish with them."""
        client_s = time.process_time() - self._client_start
        if not self.available:
            self.client_s = client_s
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.client_s = client_s - self._sampler_s
        self._sample()
        self.machine_s = machine_busy_s() - self._machine_start
        if self._connection is not None:
            self._connection.close()
        self.server_s, self.database_s = (
            sum(last - self._first[side].get(pid, 0.0) for pid, last in self._last[side].items())
            for side in ("server", "database")
        )

#!/usr/bin/env python
"""How long `make run`'s processes take to stop on Ctrl+C, and what they print meanwhile.

Starts `honcho start -f Procfile.dev` as `make run` does (web server and Celery worker) on a spare
port, with a throwaway SQLite database and filesystem broker under a temporary VAR_DIR, waits
until the site answers and the worker is ready, then sends SIGINT to honcho's process group (what
a terminal's Ctrl+C does) and times the exit. Prints the seconds and any traceback; exits 1 when
it took longer than --limit seconds or printed a traceback.

    .venv/bin/python scripts/measure_stop.py [--limit 2] [--runs 3]
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
NOISE = ("Traceback", "Error", "KeyboardInterrupt", "Cold shutdown", "SIGKILL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1):
            return True
    except OSError as error:
        # Any HTTP answer (even a 404) means the server is up.
        return hasattr(error, "code")


def one_run(environment: dict, port: int) -> tuple[float, str, int]:
    lines: list[str] = []
    honcho = subprocess.Popen(  # noqa: S603 - our own venv's honcho
        [str(VENV_BIN / "honcho"), "start", "-f", "Procfile.dev"],
        cwd=ROOT,
        env={**environment, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    reader = threading.Thread(target=lambda: lines.extend(honcho.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        worker_ready = any("ready." in line for line in lines)
        if worker_ready and site_answers(port):
            break
        time.sleep(0.3)
    else:
        os.killpg(honcho.pid, signal.SIGKILL)
        raise SystemExit("honcho did not start within 120 s:\n" + "".join(lines))
    time.sleep(1)  # let beat send its first due tasks, as after a minute of real use
    started = len(lines)
    began = time.monotonic()
    os.killpg(honcho.pid, signal.SIGINT)
    code = honcho.wait(timeout=60)
    seconds = time.monotonic() - began
    reader.join(timeout=5)
    return seconds, "".join(lines[started:]), code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="measure-stop-") as var_dir:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CELERY_BROKER_URL")
        }
        environment.update(VAR_DIR=var_dir, DEBUG="true", HOST="127.0.0.1", PYTHONUNBUFFERED="1")
        subprocess.run(  # noqa: S603
            [str(VENV_BIN / "python"), "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        failed = False
        for run in range(1, arguments.runs + 1):
            seconds, output, code = one_run(environment, free_port())
            noisy = [line for line in output.splitlines() if any(n in line for n in NOISE)]
            print(f"run {run}: stopped in {seconds:.2f} s, exit status {code}")
            for line in noisy:
                print(f"    noise: {line}")
            if seconds > arguments.limit or any("Traceback" in line for line in noisy):
                failed = True
            if os.environ.get("MEASURE_STOP_VERBOSE"):
                print(output)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

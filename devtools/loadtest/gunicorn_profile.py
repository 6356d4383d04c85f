"""gunicorn hooks for `manage.py loadtest --profile DIR`: each worker profiles itself with
cProfile on CPU time (`time.process_time`, so waiting for PostgreSQL, Redis or the next
connection is not counted) from its first request after the warm-up (the command creates
`DIR/measuring` once the warm-up is done) until it exits, and writes `DIR/worker-PID.prof`
(read them with `pstats`: `python -m pstats DIR/worker-*.prof`).

Loaded by gunicorn itself (`-c python:devtools.loadtest.gunicorn_profile`), before Django."""

import cProfile
import os
import time
from pathlib import Path

MEASURING = "measuring"
_profile: cProfile.Profile | None = None


def _folder() -> Path:
    return Path(os.environ["LOADTEST_PROFILE_DIR"])


def pre_request(worker, request) -> None:
    global _profile  # noqa: PLW0603 (one profile per worker process)
    if _profile is None and (_folder() / MEASURING).exists():
        _profile = cProfile.Profile(time.process_time)
        _profile.enable()


def worker_exit(server, worker) -> None:
    if _profile is not None:
        _profile.disable()
        _profile.dump_stats(_folder() / f"worker-{os.getpid()}.prof")

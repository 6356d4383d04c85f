"""`manage.py bench --json FILE`: the figures in the peer harness's JSON shape
(../shared/peer-bench/README.md), so `compare.py OURS PEER` prints the ratios side by side."""

import json
import os
import platform
import sys
from datetime import UTC, datetime

import django
from django.db import connection


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        return cursor.fetchone()[0]


def results_write(path: str, *, cases: int, scenarios: dict, reps: int) -> None:
    results = {
        "system": "council feedback (ours)",
        "date_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "note": "compare ratios from the same run/machine only",
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg": list(os.getloadavg()),
        },
        "software": {
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "database": _database_version(),
            "db_vendor": connection.vendor,
            "debug": False,
        },
        "method": {
            "client": "django.test.Client, in-process (no HTTP server)",
            "reps": reps,
            "warmup": 3,
            "percentile": "nearest-rank",
            "queries": "CaptureQueriesContext on each timed request (the most is reported)",
        },
        "dataset": {"tickets": cases},
        "scenarios": scenarios,
    }
    with open(path, "w") as out:  # noqa: PTH123
        json.dump(results, out, indent=1)

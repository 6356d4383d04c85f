"""Server-side timings through the full Django request path (test Client: URL routing,
middleware, sessions, view, queries, template), with the number of queries per request."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from feedback.models import Case, OfficerProfile, Organisation
from feedback.roles import Role, roles_ensure

BENCH_USERNAME = "bench-officer"


@dataclass
class Timing:
    label: str
    times_ms: list[float]
    queries: list[int]
    statuses: set[int]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        if len(self.times_ms) < 2:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[-1]

    def line(self) -> str:
        queries = sorted(set(self.queries))
        shown = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
        return (
            f"  {self.label:<34} median {self.median:8.1f} ms   p95 {self.p95:8.1f} ms   "
            f"queries/request {shown:>5}   (HTTP {','.join(map(str, sorted(self.statuses)))}, "
            f"{len(self.times_ms)} requests)"
        )


def timed(label: str, request: Callable[[], object], *, repeats: int, warmup: int = 2) -> Timing:
    for _ in range(warmup):
        request()
    result = Timing(label, [], [], set())
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            result.times_ms.append((time.perf_counter() - started) * 1000)
        result.queries.append(len(queries.captured_queries))
        result.statuses.add(response.status_code)
    return result


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def bench_officer(organisation: Organisation):
    """A complaints officer: sees every service, so the list is as long as it gets."""
    groups = roles_ensure()
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"first_name": "Bench", "last_name": "Officer"}
    )
    user.groups.add(groups[Role.COMPLAINTS_OFFICER])
    OfficerProfile.objects.get_or_create(user=user, defaults={"organisation": organisation})
    return get_user_model().objects.get(pk=user.pk)


def officer_list(*, organisation: Organisation, repeats: int, write: Callable[[str], None]):
    url = url_or_none("officer:case_list")
    if url is None:
        write("  skipped: the officer case list (officer:case_list) is not in this build yet.")
        return []
    client = Client()
    client.force_login(bench_officer(organisation))
    busiest = Case.objects.values("service_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    scenarios = [
        ("no filter", {}),
        (
            "service + open + overdue",
            {"service": busiest.get("service_id", ""), "state": "open", "overdue": "on"},
        ),
        ("free-text search 'smith'", {"q": "smith"}),
        ("free-text search 'bin collected'", {"q": "bin collected"}),
    ]
    results = []
    for label, params in scenarios:
        timing = timed(label, lambda p=params: client.get(url, p), repeats=repeats)
        results.append(timing)
        write(timing.line())
    return results

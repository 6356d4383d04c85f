"""Server-side timings through the full Django request path (test Client: URL routing,
middleware, sessions, view, queries, template), with the number of queries per request."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from feedback.models import Case, OfficerProfile, Organisation
from feedback.roles import Role, roles_ensure

BENCH_USERNAME = "bench-officer"
SEARCH_WORD = "collected"  # in a few per cent of the generated descriptions, like the peer's


@dataclass
class Timing:
    label: str
    times_ms: list[float]
    queries: list[int]
    statuses: set[int]
    url: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return nearest_rank_p95(self.times_ms)

    def figures(self) -> dict:
        return scenario_figures("GET", self.url, self.times_ms, max(self.queries))

    def line(self) -> str:
        queries = sorted(set(self.queries))
        shown = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
        return (
            f"  {self.label:<34} median {self.median:8.1f} ms   p95 {self.p95:8.1f} ms   "
            f"queries/request {shown:>5}   (HTTP {','.join(map(str, sorted(self.statuses)))}, "
            f"{len(self.times_ms)} requests)"
        )


def nearest_rank_p95(values: list[float]) -> float:
    """The peer harness's p95: with 30 samples, the 29th of 30 sorted."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def scenario_figures(method: str, url: str | None, times_ms: list[float], queries: int) -> dict:
    """One scenario in the peer harness's JSON shape (../shared/peer-bench/README.md)."""
    return {
        "method": method,
        "url": url,
        "reps": len(times_ms),
        "median_ms": round(statistics.median(times_ms), 2),
        "p95_ms": round(nearest_rank_p95(times_ms), 2),
        "min_ms": round(min(times_ms), 2),
        "max_ms": round(max(times_ms), 2),
        "mean_ms": round(statistics.fmean(times_ms), 2),
        "queries": queries,
    }


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


def signed_in_client(user) -> Client:
    """A client signed in past both steps, as an officer's browser is in production: the bench
    user has a confirmed authenticator device and the session is marked verified by it, so the
    timed requests are the page itself and not the redirect to the second step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Bench authenticator", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _page(client: Client, url: str, params: dict):
    response = client.get(url, params)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not the page: {response}")
    return response


def officer_list(*, organisation: Organisation, repeats: int, write: Callable[[str], None]):
    url = url_or_none("officer:case_list")
    if url is None:
        write("  skipped: the officer case list (officer:case_list) is not in this build yet.")
        return []
    client = signed_in_client(bench_officer(organisation))
    busiest = Case.objects.values("service_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    scenarios = [
        # The peer harness's a_list_total and b_search_total: one service, open, newest first.
        ("a_list_total", {"service": busiest.get("service_id", ""), "state": "open"}),
        (
            "b_search_total",
            {"service": busiest.get("service_id", ""), "state": "open", "q": SEARCH_WORD},
        ),
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
        timing = timed(label, lambda p=params: _page(client, url, p), repeats=repeats, warmup=3)
        timing.url = f"{url}?{urlencode(params)}"
        results.append(timing)
        write(timing.line())
    # What every officer page pays before its own work: the session, the user, the two-factor
    # device and the organisation, read for a request whose view only redirects.
    floor = timed("sign-in checks alone", lambda: client.get("/favicon.ico"), repeats=repeats)
    write(floor.line())
    return results


def committee_report(*, repeats: int, write: Callable[[str], None]) -> list[Timing]:
    """The page a Standards Committee member opens: the latest complete half-year's report, the
    whole request (the report's figures are not cached between requests), as `c_report_committee`
    in the JSON. The peer's nearest pages are its reports (`c_report_*`)."""
    from django.contrib.auth.models import Group

    from feedback import clock
    from reporting import periods

    roles_ensure()
    user, _ = get_user_model().objects.get_or_create(username="bench-committee")
    user.groups.add(Group.objects.get(name=Role.COMMITTEE_MEMBER))
    client = signed_in_client(user)
    period = periods.latest_complete(clock.today(), kind=periods.PeriodKind.HALF)
    url = reverse("reporting:report", kwargs={"kind": "standards", "period": period.slug})
    timing = timed("c_report_committee", lambda: _page(client, url, {}), repeats=repeats, warmup=1)
    timing.url = url
    write(timing.line())
    return [timing]

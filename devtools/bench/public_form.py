"""Submissions per second through the public form's whole multi-page flow.

The bench fills the form the way a person would: it reads each page's HTML, answers every
question (a complaint, the first service, contact details, no attachments), follows the
redirect, and stops at the confirmation page. So it keeps working when questions change, and it
measures everything a real submission costs: each page's GET and POST, the session, the
validation, the case and its reference, the acknowledgement being queued.

Only the server's time counts: one test client for the whole run (its middleware, WhiteNoise's
file index included, is built once, as in a running server; each flow gets fresh cookies), each
request timed on its own, the HTML parsing and the queued tasks outside the timing.
"""

import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock
from urllib.parse import urlencode, urljoin, urlsplit

from celery import Task
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from devtools.demo import history_not_emailed
from devtools.form_reader import page_read
from feedback.models import Case

from .measure import nearest_rank_p95, scenario_figures, url_or_none

REFERENCE = re.compile(r"\b(CMP|COM|CPL)-\d{4}-\d{5,}\b")
MAX_PAGES = 25
URLENCODED = "application/x-www-form-urlencoded"


class FlowError(Exception):
    pass


@contextmanager
def tasks_after_the_request() -> Iterator[None]:
    """Tasks queued inside run when the block ends: a worker's time is not the server's."""
    queued: list[tuple[Task, tuple, dict]] = []
    original = Task.apply_async

    def queue(task, args=None, kwargs=None, **options):
        queued.append((task, args or (), kwargs or {}))

    with mock.patch.object(Task, "apply_async", queue):
        yield
    for task, args, kwargs in queued:
        original(task, args, kwargs)


@dataclass
class Flow:
    """One whole submission: server time and queries of each request, parsing left out."""

    requests: int = 0
    server_ms: float = 0.0
    queries: int = 0
    create_ms: float | None = None  # the POST that stores the case
    create_queries: int = 0


def _post(client: Client, url: str, data: dict, *, multipart: bool) -> HttpResponse:
    """A form's POST as a browser sends it: multipart only where the form's enctype asks for
    it (the upload page), URL-encoded otherwise."""
    if multipart:
        return client.post(url, data)
    return client.post(url, urlencode(data, doseq=True), content_type=URLENCODED)


def _request(
    client: Client,
    flow: Flow,
    method: str,
    url: str,
    data=None,
    *,
    done_path: str | None,
    multipart: bool = False,
) -> HttpResponse:
    """One request and the redirects it asks for, each timed on its own; only the time inside
    the test client (Django's whole request path) is counted."""
    while True:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if method == "POST":
                response = _post(client, url, data, multipart=multipart)
            else:
                response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        flow.requests += 1
        flow.server_ms += elapsed
        flow.queries += len(captured.captured_queries)
        location = response.get("Location") if response.status_code in (301, 302, 303) else None
        if method == "POST" and location and urlsplit(location).path == done_path:
            flow.create_ms = elapsed
            flow.create_queries = len(captured.captured_queries)
        if location is None:
            response.final_url = url
            return response
        method, url, data = "GET", urljoin(url, location), None


def submit_once(client: Client, start_url: str, done_path: str | None, number: int) -> Flow:
    """One whole submission from the start page, in a new session on the same client (so the
    middleware, WhiteNoise's file index included, is built once, as in a running server)."""
    client.cookies.clear()
    flow = Flow()
    response = _request(client, flow, "GET", start_url, done_path=done_path)
    for _ in range(MAX_PAGES):
        url = response.final_url
        if response.status_code != 200:
            raise FlowError(f"HTTP {response.status_code} at {url}")
        path = response.wsgi_request.path
        html = response.content.decode()
        if (done_path and path == done_path) or (REFERENCE.search(html) and "govuk-panel" in html):
            return flow
        page = page_read(html, number)
        if page.action is None:
            if page.start_href is None:
                raise FlowError(f"no form and no start button at {path}")
            response = _request(
                client, flow, "GET", urljoin(path, page.start_href), done_path=done_path
            )
        else:
            if page.refused and flow.requests > 1 and response.request["REQUEST_METHOD"] == "POST":
                raise FlowError(f"the form refused the answers at {path}")
            action = urljoin(path, page.action or path)
            response = _request(
                client,
                flow,
                "POST",
                action,
                page.data,
                done_path=done_path,
                multipart=page.multipart,
            )
    raise FlowError(f"no confirmation page after {MAX_PAGES} pages")


def public_form(*, submissions: int, write: Callable[[str], None]) -> dict | None:
    """The whole flow and the creating POST; returns their figures (the JSON's `d_submit`
    and `d_flow`), or None if not measured."""
    start_url = url_or_none("public:start")
    if start_url is None:
        write("  skipped: the public form (public:start) is not in this build yet.")
        return None
    done_path = url_or_none("public:confirmation")
    before = Case.objects.count()
    # The form's time-trap refuses a form sent within seconds of being opened, and the rate
    # limit more than a few forms an hour from one address: the bench is a robot sending many
    # from one, so both are switched off here (and only here).
    # Tasks run in this process and email stays in memory (as for the demo's history), so no
    # queued acknowledgements are left for the next worker to send to made-up addresses. They
    # run after each flow, untimed: in production the POST only queues them for the worker.
    client = Client()
    with override_settings(SPAM_MIN_SECONDS=0, RATELIMIT_ENABLE=False), history_not_emailed():
        try:
            flows = []
            for number in range(submissions + 3):  # 3 warm-ups: imports, caches, connections
                with tasks_after_the_request():
                    flow = submit_once(client, start_url, done_path, number)
                if number >= 3:
                    flows.append(flow)
        except FlowError as exc:
            write(f"  not measured: {exc}")
            return None
    made = Case.objects.count() - before
    flow_ms = [flow.server_ms for flow in flows]
    create_ms = [flow.create_ms for flow in flows if flow.create_ms is not None]
    requests = flows[0].requests
    write(
        f"  {submissions} submissions, {requests} requests each: whole flow median "
        f"{statistics.median(flow_ms):.0f} ms server time, {flows[0].queries} queries; "
        f"{made} cases created"
    )
    figures = {"d_flow": scenario_figures("GET+POST", start_url, flow_ms, flows[0].queries)}
    if create_ms:
        write(
            f"  the POST that stores the case: median {statistics.median(create_ms):.1f} ms, "
            f"p95 {nearest_rank_p95(create_ms):.1f} ms, {flows[0].create_queries} queries"
        )
        figures["d_submit"] = {
            **scenario_figures(
                "POST", url_or_none("public:check"), create_ms, flows[0].create_queries
            ),
            "requests_per_s": round(1000 * len(create_ms) / sum(create_ms), 1),
        }
    return figures

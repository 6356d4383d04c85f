"""The load test's client: a bounded number of asyncio tasks on one loopback connection pool,
each taking the next submission from a shared counter until all are sent.

A submission is either one `POST /api/v1/cases/` with a token, or the public form's whole flow
as a browser walks it: every page's GET, its CSRF token and session cookie, every answer POSTed,
each redirect followed, until the confirmation page shows a reference. The form's pages are
answered from their own HTML by the bench's rules (`devtools.form_reader`), so the flow keeps
working when questions change.

The server runs the production settings, which mark cookies Secure and redirect plain HTTP to
HTTPS; the client says it is behind a TLS proxy (`X-Forwarded-Proto: https`, a same-origin
Referer for the CSRF check) and keeps each flow's cookies itself, since an HTTP client will not
send Secure cookies over http://.
"""

import asyncio
import logging
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import httpx

from devtools.bench.public_form import MAX_PAGES, REFERENCE
from devtools.form_reader import page_read

logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would drown the figures


class SubmissionFailed(Exception):
    pass


@dataclass
class Results:
    api_ms: list[float] = field(default_factory=list)
    form_ms: list[float] = field(default_factory=list)
    form_requests: int = 0
    server_errors: int = 0
    failures: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    status_counts: dict[int, int] = field(default_factory=dict)


class Flow:
    """One browser's visit: its cookies, the page it is on, the statuses it saw."""

    def __init__(self, client: httpx.AsyncClient, base: str, results: Results):
        self.client, self.base, self.results = client, base, results
        self.cookies: dict[str, str] = {}
        self.referer = base + "/"

    async def request(self, method: str, url: str, data=None) -> httpx.Response:
        headers = {"X-Forwarded-Proto": "https", "Referer": self.referer}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = await self.client.request(method, url, data=data, headers=headers)
        self.results.form_requests += 1
        _count(self.results, response.status_code)
        for raw in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return response

    async def follow(self, method: str, url: str, data=None) -> httpx.Response:
        for _ in range(MAX_PAGES):
            response = await self.request(method, url, data)
            location = response.headers.get("location")
            if response.status_code not in (301, 302, 303) or not location:
                self.referer = "https://" + urlsplit(self.base).netloc + urlsplit(url).path
                return response
            method, url, data = "GET", urljoin(url, location), None
        raise SubmissionFailed(f"too many redirects from {url}")


def _count(results: Results, status: int) -> None:
    results.status_counts[status] = results.status_counts.get(status, 0) + 1
    if status >= 500:
        results.server_errors += 1


async def form_submit(
    client: httpx.AsyncClient, base: str, start_path: str, number: int, results: Results
):
    flow = Flow(client, base, results)
    started = time.perf_counter()
    response = await flow.follow("GET", base + start_path)
    for _ in range(MAX_PAGES):
        if response.status_code != 200:
            raise SubmissionFailed(f"HTTP {response.status_code} at {response.url}")
        html = response.text
        found = REFERENCE.search(html)
        if found and "govuk-panel" in html:
            results.form_ms.append((time.perf_counter() - started) * 1000)
            results.references.append(found.group(0))
            return
        page = page_read(html, number)
        url = str(response.url)
        if page.action is None:
            if page.start_href is None:
                raise SubmissionFailed(f"no form and no start button at {url}")
            response = await flow.follow("GET", urljoin(url, page.start_href))
            continue
        if page.refused and response.request.method == "POST":
            raise SubmissionFailed(f"the form refused the answers at {url}")
        response = await flow.follow("POST", urljoin(url, page.action or url), page.data)
    raise SubmissionFailed(f"no confirmation page after {MAX_PAGES} pages")


async def api_submit(
    client: httpx.AsyncClient, base: str, token: str, body: dict, number: int, results: Results
):
    payload = {
        **body,
        "summary": f"Load test submission {number}",
        "customer": {**body["customer"], "email": f"load{number}@example.com"},
    }
    started = time.perf_counter()
    response = await client.post(
        base + "/api/v1/cases/",
        json=payload,
        headers={"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"},
    )
    _count(results, response.status_code)
    if response.status_code != 201:
        raise SubmissionFailed(f"API: HTTP {response.status_code}: {response.text[:200]}")
    results.api_ms.append((time.perf_counter() - started) * 1000)
    results.references.append(response.json()["reference"])


async def run(
    *,
    base: str,
    start_path: str,
    token: str,
    api_body: dict,
    submissions: int,
    clients: int,
    form_every: int,
    deadline_s: float,
) -> tuple[Results, float]:
    """Send `submissions` (every `form_every`-th through the form, the rest through the API)
    from `clients` concurrent tasks; stop at `deadline_s` whatever is left. Returns the results
    and the wall time."""
    results = Results()
    numbers = iter(range(submissions))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(limits=limits, timeout=timeout, follow_redirects=False) as client:

        async def worker() -> None:
            for number in numbers:
                try:
                    if form_every and number % form_every == 0:
                        await form_submit(client, base, start_path, number, results)
                    else:
                        await api_submit(client, base, token, api_body, number, results)
                except (SubmissionFailed, httpx.HTTPError) as exc:
                    results.failures.append(f"{number}: {exc!r}"[:300])

        started = time.perf_counter()
        tasks = [asyncio.create_task(worker()) for _ in range(clients)]
        done, pending = await asyncio.wait(tasks, timeout=deadline_s)
        for task in pending:
            task.cancel()
        if pending:
            results.failures.append(f"stopped at the {deadline_s:.0f} s bound")
        return results, time.perf_counter() - started

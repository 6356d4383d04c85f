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

The HTTP is this module's own (`HttpClient`): one HTTP/1.1 request per connection, the way
gunicorn's sync worker answers (it closes each connection after its response), read to the
end and parsed with nothing more than the load test needs. The client shares the machine's
cores with the server it measures, and httpx took about 1.7 ms of CPU a request for its
connection pool, its models and its event hooks: a form flow's 20 requests cost more in the
client than on the server.
"""

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from devtools.bench.public_form import MAX_PAGES, REFERENCE
from devtools.form_reader import page_read


class SubmissionFailed(Exception):
    pass


class HttpError(Exception):
    """The connection failed, timed out, or the answer was not well-formed HTTP/1.1."""


@dataclass
class Response:
    method: str
    url: str
    status_code: int
    headers: list[tuple[str, str]]  # names in lower case, in the order sent
    content: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def header_list(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.content)


def _dechunk(body: bytes) -> bytes:
    out, at = bytearray(), 0
    while True:
        end = body.index(b"\r\n", at)
        size = int(body[at:end].split(b";", 1)[0], 16)
        if size == 0:
            return bytes(out)
        out += body[end + 2 : end + 2 + size]
        if len(body) < end + 2 + size:
            raise HttpError("a chunk ends early")
        at = end + 2 + size + 2


def response_parse(method: str, url: str, raw: bytes) -> Response:
    """A whole HTTP/1.1 response, read until the server closed the connection."""
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise HttpError(f"no complete response ({len(raw)} bytes)")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1."):
        raise HttpError(f"not an HTTP/1 response: {status_line[:80]!r}")
    status = int(rest[:3])
    headers = []
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise HttpError(f"a malformed header: {line[:80]!r}")
        headers.append((name.strip().lower(), value.strip()))
    response = Response(method, url, status, headers, body)
    try:
        if (response.header("transfer-encoding") or "").lower() == "chunked":
            response.content = _dechunk(body)
        elif (length := response.header("content-length")) is not None and len(body) != int(length):
            raise HttpError(f"{len(body)} bytes of a body of {length}")
    except ValueError as exc:
        raise HttpError(f"a malformed body: {exc}") from exc
    return response


class HttpClient:
    """One request per connection (`Connection: close`), at most `limit` open at once."""

    def __init__(self, *, limit: int, timeout_s: float):
        self.timeout_s = timeout_s
        self._slots = asyncio.Semaphore(limit)

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        data: dict | None = None,
        json_body=None,
    ) -> Response:
        parts = urlsplit(url)
        body = b""
        lines = [
            f"{method} {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Connection: close",
            "Accept: */*",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            lines.append("Content-Type: application/json")
        elif data is not None:
            body = urlencode(data, doseq=True).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        message = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with self._slots:
            try:
                raw = await asyncio.wait_for(
                    self._exchange(parts.hostname, parts.port or 80, message), self.timeout_s
                )
            except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
                raise HttpError(f"{method} {url}: {exc!r}") from exc
        return response_parse(method, url, raw)

    @staticmethod
    async def _exchange(host: str, port: int, message: bytes) -> bytes:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(message)
            return await reader.read(-1)  # to the end: the server closes after its answer
        finally:
            writer.close()


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

    def __init__(self, client: HttpClient, base: str, results: Results):
        self.client, self.base, self.results = client, base, results
        self.cookies: dict[str, str] = {}
        self.referer = base + "/"

    async def request(self, method: str, url: str, data=None) -> Response:
        headers = {"X-Forwarded-Proto": "https", "Referer": self.referer}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = await self.client.request(method, url, data=data, headers=headers)
        self.results.form_requests += 1
        _count(self.results, response.status_code)
        for raw in response.header_list("set-cookie"):
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return response

    async def follow(self, method: str, url: str, data=None) -> Response:
        for _ in range(MAX_PAGES):
            response = await self.request(method, url, data)
            location = response.header("location")
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
    client: HttpClient, base: str, start_path: str, number: int, results: Results
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
        if page.refused and response.method == "POST":
            raise SubmissionFailed(f"the form refused the answers at {url}")
        response = await flow.follow("POST", urljoin(url, page.action or url), page.data)
    raise SubmissionFailed(f"no confirmation page after {MAX_PAGES} pages")


async def api_submit(
    client: HttpClient, base: str, token: str, body: dict, number: int, results: Results
):
    payload = {
        **body,
        "summary": f"Load test submission {number}",
        "customer": {**body["customer"], "email": f"load{number}@example.com"},
    }
    started = time.perf_counter()
    response = await client.request(
        "POST",
        base + "/api/v1/cases/",
        json_body=payload,
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
    client = HttpClient(limit=clients, timeout_s=60.0)

    async def submit(number: int) -> None:
        if form_every and number % form_every == 0:
            await form_submit(client, base, start_path, number, results)
        else:
            await api_submit(client, base, token, api_body, number, results)

    return results, await _drive(submit, submissions, clients, deadline_s, results)


async def repeat(
    *,
    url: str,
    method: str,
    expected_status: int,
    count: int,
    clients: int,
    deadline_s: float,
    json_body: dict | None = None,
) -> tuple[Results, float]:
    """The same request `count` times from `clients` concurrent tasks, as the API's calls are
    sent (the floor's: `manage.py loadtest --floor`). Its times are in `api_ms`."""
    results = Results()
    client = HttpClient(limit=clients, timeout_s=60.0)
    headers = {"X-Forwarded-Proto": "https"}

    async def send(number: int) -> None:
        started = time.perf_counter()
        response = await client.request(method, url, headers=headers, json_body=json_body)
        _count(results, response.status_code)
        if response.status_code != expected_status:
            raise SubmissionFailed(f"HTTP {response.status_code}: {response.text[:200]}")
        results.api_ms.append((time.perf_counter() - started) * 1000)

    return results, await _drive(send, count, clients, deadline_s, results)


async def _drive(
    send: Callable[[int], Awaitable[None]],
    count: int,
    clients: int,
    deadline_s: float,
    results: Results,
) -> float:
    """`clients` tasks, each taking the next number until `count` are sent; a failure is
    recorded and the task goes on. Returns the wall time."""
    numbers = iter(range(count))

    async def worker() -> None:
        for number in numbers:
            try:
                await send(number)
            except (SubmissionFailed, HttpError) as exc:
                results.failures.append(f"{number}: {exc!r}"[:300])

    started = time.perf_counter()
    tasks = [asyncio.create_task(worker()) for _ in range(clients)]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    if pending:
        results.failures.append(f"stopped at the {deadline_s:.0f} s bound")
    return time.perf_counter() - started

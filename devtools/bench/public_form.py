"""Submissions per second through the public form's whole multi-page flow.

The bench fills the form the way a person would: it reads each page's HTML, answers every
question (a complaint, the first service, contact details, no attachments), follows the
redirect, and stops at the confirmation page. So it keeps working when questions change, and it
measures everything a real submission costs: each page's GET and POST, the session, the
validation, the case and its reference, the acknowledgement being queued.
"""

import re
import statistics
import time
from collections.abc import Callable
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from devtools.demo import history_not_emailed
from feedback.models import Case

from .measure import url_or_none

REFERENCE = re.compile(r"\b(CMP|COM|CPL)-\d{4}-\d{5,}\b")
PREFERRED_CHOICES = ["complaint", "standard", "no", "email", "web-form"]
MAX_PAGES = 25


class FlowError(Exception):
    pass


def _value_for(name: str, number: int) -> str:
    key = name.lower()
    if "website" in key or "language" in key:  # the honeypot, and an optional short answer
        return ""
    if "email" in key:
        return f"bench{number}@example.com"
    if "phone" in key or "tel" in key:
        return "07700 900123"
    if "postcode" in key:
        return "EX1 1AA"
    if "first" in key or "given" in key:
        return "Pat"
    if "last" in key or "family" in key or "surname" in key:
        return "Bench"
    if key.endswith("name"):
        return "Pat Bench"
    if "address" in key:
        return "1 High Street\nExampletown"
    if "outcome" in key or "put_right" in key or "wanted" in key:
        return "Collect the bin and make sure it does not happen again."
    if "summary" in key or "title" in key:
        return "Bin not collected for three weeks"
    return "The bins on Mill Lane have not been collected for three weeks running."


def _form_data(form, number: int) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {}
    radios: dict[str, list[str]] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        kind = (field.get("type") or "text").lower()
        if field.name == "select":
            options = [o.get("value", o.text) for o in field.find_all("option")]
            chosen = [o for o in options if o]
            data[name] = chosen[0] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text.strip() or _value_for(name, number)
        elif kind == "radio":
            radios.setdefault(name, []).append(field.get("value", "on"))
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif kind == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif kind == "hidden":
            data[name] = field.get("value", "")
        elif kind in ("submit", "button", "file", "image", "reset"):
            continue
        else:
            data[name] = field.get("value") or _value_for(name, number)
    for name, values in radios.items():
        if name not in data:
            preferred = [v for v in PREFERRED_CHOICES if v in values]
            data[name] = preferred[0] if preferred else values[0]
    buttons = [
        b
        for b in form.find_all(["button", "input"])
        if (b.get("type") or "submit").lower() == "submit" and b.get("name")
    ]
    primary = [b for b in buttons if "secondary" not in " ".join(b.get("class", []))]
    if primary:
        data[primary[0]["name"]] = primary[0].get("value", "")
    return data


def submit_once(client: Client, start_url: str, done_path: str | None, number: int) -> int:
    """One whole submission from the start page; returns the number of HTTP requests."""
    response = client.get(start_url, follow=True)
    url = start_url
    requests = 1
    for _ in range(MAX_PAGES):
        if response.status_code != 200:
            raise FlowError(f"HTTP {response.status_code} at {url}")
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
        path = response.wsgi_request.path
        html = response.content.decode()
        if (done_path and path == done_path) or (REFERENCE.search(html) and "govuk-panel" in html):
            return requests
        soup = BeautifulSoup(html, "html.parser")
        form = next(
            (f for f in soup.find_all("form") if (f.get("method") or "").lower() == "post"), None
        )
        if form is None:
            start = soup.select_one("a.govuk-button--start, a.govuk-button")
            if start is None:
                raise FlowError(f"no form and no start button at {path}")
            url = urljoin(path, start["href"])
            response = client.get(url, follow=True)
        else:
            errors = soup.select_one(".govuk-error-summary")
            if errors is not None and requests > 1 and response.request["REQUEST_METHOD"] == "POST":
                raise FlowError(f"the form refused the answers at {path}: {errors.get_text(' ')}")
            url = urljoin(path, form.get("action") or path)
            response = client.post(url, _form_data(form, number), follow=True)
        requests += 1
    raise FlowError(f"no confirmation page after {MAX_PAGES} pages")


def public_form(*, submissions: int, write: Callable[[str], None]) -> float | None:
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
    # queued acknowledgements are left for the next worker to send to made-up addresses.
    with override_settings(SPAM_MIN_SECONDS=0, RATELIMIT_ENABLE=False), history_not_emailed():
        try:
            for number in range(2):  # warm-up: imports, template caches, connections
                submit_once(Client(), start_url, done_path, number)
            times, queries, requests = [], [], 0
            started = time.perf_counter()
            for number in range(2, submissions + 2):
                with CaptureQueriesContext(connection) as captured:
                    one = time.perf_counter()
                    requests += submit_once(Client(), start_url, done_path, number)
                    times.append((time.perf_counter() - one) * 1000)
                queries.append(len(captured.captured_queries))
            elapsed = time.perf_counter() - started
        except FlowError as exc:
            write(f"  not measured: {exc}")
            return None
    made = Case.objects.count() - before
    rate = submissions / elapsed
    write(
        f"  {submissions} submissions ({requests / submissions:.0f} requests each) in "
        f"{elapsed:.1f} s: {rate:.1f} submissions/s; median {statistics.median(times):.0f} ms "
        f"per submission, {statistics.median(queries):.0f} queries per submission; "
        f"{made} cases created"
    )
    return rate

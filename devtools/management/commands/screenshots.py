"""`make screenshots`: PNGs of every page the README lists, as the demo council's people see
them, at a desktop width (1280 px) and a phone width (375 px), plus the first page of a letter
and of a committee report as printed.

It starts its own development server on the demo database, signs each demo person in through
a session (no password typed), and drives Debian's Chromium with Playwright. The pages are
listed in `pages()`; the PNGs and an index.txt naming each go into --out (var/screenshots).
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from devtools.chromium import CHROMIUM_ARGS
from equality.links import questionnaire_url
from feedback import clock
from feedback.models import MEMBER_KINDS, Case, Customer
from feedback.progress import progress_token_make
from letters.models import Letter
from reporting import periods
from reporting.models import ReportKind

WIDTHS = {"desktop": (1280, 800), "phone": (375, 812)}


@dataclass(frozen=True)
class Shot:
    name: str  # the file name stem, e.g. "officer-dashboard"
    title: str  # what the page is, for the index
    path: str
    user: str | None = None  # a demo login, or None for the public


def _first(queryset):
    item = queryset.first()
    if item is None:
        raise CommandError("The demo council is not loaded: run `make demo` first.")
    return item


def _approval_shots() -> list[Shot]:
    """The manager's approval of response letters (issue 15), where the demo has them."""
    shots = [
        Shot(
            "manager-dashboard",
            "Manager: dashboard (letters awaiting approval)",
            reverse("officer:dashboard"),
            "helen",
        ),
        Shot(
            "manager-letter-approval-settings",
            "Manager: which services' response letters need approval",
            reverse("letters:approval_rules"),
            "helen",
        ),
    ]
    waiting = Letter.objects.filter(status=Letter.Status.AWAITING_APPROVAL).order_by("pk").first()
    if waiting is not None:
        shots.append(
            Shot(
                "manager-letter-awaiting-approval",
                f"Manager: a response letter awaiting approval ({waiting.case.reference})",
                reverse("letters:detail", args=[waiting.pk]),
                "helen",
            )
        )
    returned = (
        Letter.objects.filter(status=Letter.Status.DRAFT, reviewed_at__isnull=False)
        .exclude(review_comments="")
        .select_related("created_by")
        .order_by("pk")
        .first()
    )
    if returned is not None and returned.created_by is not None:
        shots.append(
            Shot(
                "officer-letter-returned",
                f"Officer: a letter returned with comments ({returned.case.reference})",
                reverse("letters:detail", args=[returned.pk]),
                returned.created_by.username,
            )
        )
    return shots


def pages() -> list[Shot]:
    """Every page the README describes, with a real object of the demo behind each."""
    case = _first(
        Case.objects.filter(kind="complaint", customer__isnull=False)
        .exclude(customer__email="")
        .order_by("-pk")
    )
    customer = _first(Customer.objects.filter(cases__isnull=False).order_by("pk"))
    member_enquiry = _first(
        Case.objects.filter(representative_kind__in=MEMBER_KINDS).order_by("-received_at")
    )
    letter = _first(Letter.objects.filter(pdf__gt="").order_by("-pk"))
    half = periods.latest_complete(clock.local_date(clock.now()), kind="half")
    report = {"kind": ReportKind.STANDARDS.value, "period": half.slug}
    year = periods.latest_complete(clock.local_date(clock.now()), kind="year")
    token = progress_token_make(case=case, email=case.customer.email)
    return [
        Shot("public-start", "Public: give feedback (start page)", reverse("public:start")),
        Shot(
            "public-progress",
            "Public: a case's progress page",
            reverse("public:progress_case", args=[token]),
        ),
        Shot("public-statistics", "Public: published statistics", reverse("reporting:public")),
        Shot("officer-sign-in", "Officer: sign in", reverse("officer:login")),
        Shot("officer-dashboard", "Officer: dashboard", reverse("officer:dashboard"), "sarah"),
        Shot("officer-cases", "Officer: case list", reverse("officer:case_list"), "sarah"),
        Shot(
            "officer-case",
            f"Officer: a case ({case.reference})",
            reverse("officer:case_detail", args=[case.reference]),
            "sarah",
        ),
        Shot(
            "officer-member-enquiry",
            f"Officer: a member enquiry ({member_enquiry.reference})",
            reverse("officer:case_detail", args=[member_enquiry.reference]),
            "sarah",
        ),
        Shot(
            "officer-customer",
            "Officer: a customer",
            reverse("officer:customer_detail", args=[customer.pk]),
            "sarah",
        ),
        Shot(
            "officer-log-contact", "Officer: log a contact", reverse("officer:log_contact"), "sarah"
        ),
        Shot(
            "officer-letter",
            "Officer: a letter with its PDF",
            reverse("letters:detail", args=[letter.pk]),
            "helen",
        ),
        Shot(
            "officer-letters-failed",
            "Officer: failed deliveries",
            reverse("letters:failed"),
            "helen",
        ),
        Shot(
            "officer-letters-post",
            "Officer: letters for the post",
            reverse("letters:print_batches"),
            "helen",
        ),
        Shot(
            "officer-letter-templates",
            "Manager: letter templates",
            reverse("letters:templates"),
            "helen",
        ),
        *_approval_shots(),
        Shot("manager-policies", "Manager: policies", reverse("escalation:policies"), "helen"),
        Shot("manager-ombudsman", "Manager: Ombudsman cases", reverse("ombudsman:list"), "helen"),
        Shot("committee-reports", "Committee: reports", reverse("reporting:index"), "margaret"),
        Shot(
            "committee-report",
            f"Committee: Standards Committee report, {half.label}",
            reverse("reporting:report", kwargs=report),
            "margaret",
        ),
        Shot(
            "public-equality",
            "Public: the optional equality monitoring questions",
            questionnaire_url(case=case),
        ),
        Shot(
            "committee-equality",
            f"Committee: equality monitoring report, {year.label}",
            reverse("reporting:equality", args=[year.slug]),
            "margaret",
        ),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "true"}
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 (our own manage.py)
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()  # noqa: S310 (local)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise CommandError("The development server did not start.")


def _session_cookie(username: str) -> str:
    """A signed-in session past both steps: the demo users' authenticator app is pre-enrolled,
    so the session is marked verified by that device, as a real second step does."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.two_factor import totp_device_confirmed

    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    device = totp_device_confirmed(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies["sessionid"].value


def _pdf_png(content: bytes, target: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(content))
    document[0].render(scale=100 / 72).to_pil().save(target)


class Command(BaseCommand):
    help = "Write PNGs of every page the README lists, at 1280 px and 375 px wide."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "screenshots"))

    def handle(self, *args, out: str, **options):
        from playwright.sync_api import sync_playwright

        executable = shutil.which("chromium")
        if not executable:
            raise CommandError("Chromium is not installed: run scripts/ensure-chromium")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        shots = pages()
        cookies = {user: _session_cookie(user) for user in {s.user for s in shots if s.user}}
        index = []
        port = _free_port()
        server = _server(port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                for shot in shots:
                    for width_name, (width, height) in WIDTHS.items():
                        context = browser.new_context(
                            viewport={"width": width, "height": height}, locale="en-GB"
                        )
                        if shot.user:
                            context.add_cookies(
                                [{"name": "sessionid", "value": cookies[shot.user], "url": base}]
                            )
                        page = context.new_page()
                        response = page.goto(base + shot.path, wait_until="load")
                        target = folder / f"{shot.name}-{width_name}.png"
                        page.screenshot(path=str(target), full_page=True)
                        status = response.status if response else "no answer"
                        index.append(f"{target.name}\t{status}\t{shot.title}\t{shot.path}")
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        self._documents(folder, index, cookies=cookies)
        (folder / "index.txt").write_text("\n".join(index) + "\n")
        self.stdout.write(f"{len(index)} screenshots in {folder} (listed in index.txt)")

    def _documents(self, folder: Path, index: list[str], *, cookies) -> None:
        """The first page of a letter and of the committee report, as printed."""
        letter = _first(Letter.objects.filter(pdf__gt="").order_by("-pk"))
        with letter.pdf.open("rb") as handle:
            _pdf_png(handle.read(), folder / "pdf-letter-page1.png")
        index.append(f"pdf-letter-page1.png\t-\tA letter as printed\t{letter.pdf.name}")
        half = periods.latest_complete(clock.local_date(clock.now()), kind="half")
        client = Client()
        client.force_login(get_user_model().objects.get(username="margaret"))
        url = reverse("reporting:report_pdf", kwargs={"kind": "standards", "period": half.slug})
        response = client.get(url)
        if response.status_code == 200:
            _pdf_png(response.content, folder / "pdf-report-page1.png")
            index.append(f"pdf-report-page1.png\t200\tThe committee report as printed\t{url}")

"""The error pages: GOV.UK styled, a way on, the council's phone, and no bare Django text even
when PostgreSQL (or SQLite) cannot be reached."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]


def assert_branded(response, status, *, phone):
    html = response.content.decode()
    assert response.status_code == status
    assert 'class="govuk-header' in html
    assert 'class="govuk-service-navigation' in html
    assert 'href="/"' in html  # a way on
    assert phone in html
    return html


@pytest.mark.django_db
def test_404_is_a_govuk_page_with_the_councils_phone(client, organisation):
    html = assert_branded(client.get("/no-such-page/"), 404, phone=organisation.phone)
    assert "Page not found" in html


@pytest.mark.django_db
def test_permission_denied_page_explains_and_offers_the_dashboard(
    client, organisation, committee_member, caplog
):
    client.force_login(committee_member)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("officer:case_list"))
    html = assert_branded(response, 403, phone=organisation.phone)
    assert "You cannot see this page" in html
    assert 'href="/officer/"' in html
    assert [r.exc_info for r in caplog.records if r.name == "django.request"] == [None]


@pytest.mark.django_db
def test_a_server_error_on_the_public_form_says_the_answers_are_kept(rf, organisation):
    from config.errors import server_error

    try:
        raise RuntimeError("a fault")
    except RuntimeError:
        response = server_error(rf.post("/feedback/check/"))
    html = assert_branded(response, 500, phone=organisation.phone)
    assert "Sorry, there is a problem with the service" in html
    assert "Your answers are kept" in html
    # The staff pages' 500 has no such promise (there is no form in progress).
    try:
        raise RuntimeError("a fault")
    except RuntimeError:
        staff = server_error(rf.get("/officer/cases/"))
    assert "Your answers are kept" not in staff.content.decode()


@pytest.mark.django_db
def test_a_bad_request_is_a_govuk_page(client, settings):
    settings.COUNCIL_PHONE = "01632 960001"
    # A Host not in ALLOWED_HOSTS is Django's own 400 (DisallowedHost).
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/feedback/new/"),
        ("post", "/feedback/check/"),
        ("get", "/officer/sign-in/"),
    ],
)
def test_with_the_database_unreachable_the_public_gets_a_clear_page_not_djangos_500(method, path):
    """A real unreachable PostgreSQL (nothing listens on port 9), in a fresh process."""
    script = f"""
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
response = client.{method}({path!r})
print(response.status_code)
print(response.content.decode())
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
        "COUNCIL_PHONE": "01632 960000",
        "DATABASE_CONN_MAX_AGE": "0",
        "PGCONNECT_TIMEOUT": "3",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    # The script's own failure, with what it printed (CI once saw exit status 1 and no more).
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    status, _, html = result.stdout.partition("\n")
    assert status == "503", result.stdout[-2000:] + result.stderr[-2000:]
    assert "Sorry, the service is unavailable" in html
    assert "01632 960000" in html
    assert 'class="govuk-header' in html
    assert "Server Error (500)" not in html
    if path.startswith("/feedback/"):
        assert "Your answers are kept" in html

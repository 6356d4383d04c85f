"""Rate limits on the public pages (feedback.ratelimits): sending the form, asking for a
progress link and uploading a document, per client address. Under the limit nothing changes;
over it a page says how many minutes to wait and keeps everything typed; the limit resets."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from config.env import env_cache, env_rate
from feedback import clock
from feedback.models import Case
from feedback.ratelimits import client_ip
from tests.feedback.public_helpers import COMPLAINT, PublicForm, soup_of
from tests.feedback.test_public_uploads import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    with time_machine.travel(clock.now(), tick=False) as traveller:
        yield traveller


def wait_minutes(response) -> int:
    """The minutes the error summary asks the person to wait."""
    summary = soup_of(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    found = re.search(r"try again in (\d+) minutes?", summary, re.IGNORECASE)
    assert found, summary
    return int(found[1])


def test_sending_the_form_over_the_limit_keeps_the_answers_until_it_resets(
    client, housing, no_timetrap, settings, now
):
    settings.RATELIMIT_SUBMIT = "1/h"
    form = PublicForm(client, housing)
    form.fill(COMPLAINT)
    assert form.send().status_code == 302  # under the limit: sent
    assert Case.objects.count() == 1

    form.fill({**COMPLAINT, "details": {"summary": "Second", "description": "Again"}})
    tokens = form.tokens()
    refused = form.send(tokens)
    assert refused.status_code == 429
    assert "too many forms have been sent from your internet connection" in refused.text
    assert "Your answers are saved" in refused.text
    assert 1 <= wait_minutes(refused) <= 60
    assert Case.objects.count() == 1
    # The draft is untouched: check answers still shows what was typed.
    assert "Second" in form.check_page().text

    now.shift(timedelta(minutes=61))  # the window has ended
    assert form.send(tokens).status_code == 302
    assert Case.objects.values_list("summary", flat=True).order_by("pk")[1] == "Second"


def test_each_internet_connection_has_its_own_limit(housing, no_timetrap, settings):
    settings.RATELIMIT_SUBMIT = "1/h"
    for address in ("198.51.100.7", "203.0.113.9"):
        form = PublicForm(Client(REMOTE_ADDR=address), housing)
        form.fill(COMPLAINT)
        assert form.send().status_code == 302
    assert Case.objects.count() == 2


def test_behind_a_trusted_proxy_the_address_it_forwarded_counts(housing, no_timetrap, settings):
    settings.RATELIMIT_SUBMIT = "1/h"
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    proxy = "10.0.0.2"
    statuses = []
    for forwarded in ("198.51.100.7", "203.0.113.9", "1.2.3.4, 203.0.113.9"):
        form = PublicForm(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded), housing)
        form.fill(COMPLAINT)
        statuses.append(form.send().status_code)
    # Two people behind one proxy both send; the third is the second person again, whatever
    # they put in front of the header.
    assert statuses == [302, 302, 429]


def test_client_ip_trusts_only_the_entries_our_proxies_wrote(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is ignored
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not to be trusted
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    garbled = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(garbled) == "10.0.0.2"


def ask_for_link(client, reference="CMP-2026-00042", email="ann.lee@example.com"):
    return client.post(reverse("public:progress"), {"reference": reference, "email": email})


def test_progress_links_over_the_limit_keep_what_was_typed_until_it_resets(
    client, organisation, no_timetrap, settings, now
):
    settings.RATELIMIT_PROGRESS = "2/h"
    assert [ask_for_link(client).status_code for _ in range(2)] == [302, 302]

    refused = ask_for_link(client, "CMP-2026-00043", "bo@example.com")
    assert refused.status_code == 429
    assert "too many links have been asked for" in refused.text
    assert 1 <= wait_minutes(refused) <= 60
    page = soup_of(refused)
    assert page.select_one("input[name=reference]")["value"] == "CMP-2026-00043"
    assert page.select_one("input[name=email]")["value"] == "bo@example.com"

    now.shift(timedelta(minutes=61))
    assert ask_for_link(client).status_code == 302


def test_uploads_over_the_limit_keep_the_answers_and_earlier_documents(
    client, public_form, settings, now
):
    settings.RATELIMIT_UPLOAD = "1/h"
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    assert client.post(url, {"action": "upload", "document": pdf("first.pdf")}).status_code == 302

    refused = client.post(url, {"action": "upload", "document": pdf("second.pdf")})
    assert refused.status_code == 429
    error = soup_of(refused).select_one("#id_document-error").text
    assert "too many documents have been uploaded" in error
    assert re.search(r"try again in \d+ minutes?", error)
    assert "first.pdf" in refused.text
    assert "second.pdf" not in refused.text

    now.shift(timedelta(minutes=61))
    assert client.post(url, {"action": "upload", "document": pdf("second.pdf")}).status_code == 302
    client.post(url, {"action": "continue"})
    check = public_form.check_page().text
    assert "first.pdf" in check
    assert "second.pdf" in check
    assert "Bins not collected on Elm Road" in check


def test_when_the_cache_fails_people_can_still_send(client, public_form, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr("feedback.ratelimits.get_usage", down)
    public_form.fill(COMPLAINT)
    assert public_form.send().status_code == 302
    assert Case.objects.count() == 1


def test_rates_and_the_cache_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RATELIMIT_SUBMIT", "5/15m")
    assert env_rate("RATELIMIT_SUBMIT", "10/h") == "5/15m"
    monkeypatch.setenv("RATELIMIT_SUBMIT", "ten an hour")
    with pytest.raises(ImproperlyConfigured, match="10/h or 5/15m"):
        env_rate("RATELIMIT_SUBMIT", "10/h")
    monkeypatch.setenv("CACHE_URL", "redis://cache:6379/2")
    assert env_cache("CACHE_URL", "locmem://") == {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": "redis://cache:6379/2",
    }
    monkeypatch.setenv("CACHE_URL", "memcached://x")
    with pytest.raises(ImproperlyConfigured):
        env_cache("CACHE_URL", "locmem://")

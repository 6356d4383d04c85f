import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from devtools.demo import DEMO_USERS, demo_load
from devtools.tasks import demo_history_pdfs_attach
from feedback import clock
from feedback.models import Case
from letters.models import Letter
from tests.letters.conftest import letter_bytes, pdf_flat_text
from tests.workers import app_broker_use, wait_for

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def test_the_demo_is_deterministic_for_a_seed(db):
    def load_and_read():
        with transaction.atomic():
            demo_load(cases=40, seed=11, now=NOW, other_apps=False)
            rows = list(
                Case.objects.order_by("reference").values_list("reference", "state", "summary")
            )
            transaction.set_rollback(True)
        return rows

    first = load_and_read()
    assert len(first) == 40
    assert first == load_and_read()


def test_demo_load_if_empty_does_nothing_the_second_time(db):
    # 10 cases, not 30: the whole demo (letters, reports, surveys) still loads, and each case
    # costs a rendered letter PDF (about 0.25 s) that this test does not look at.
    out = io.StringIO()
    call_command("demo_load", "--if-empty", "--cases", "10", stdout=out)
    assert Case.objects.count() == 10
    call_command("demo_load", "--if-empty", "--cases", "10", stdout=out)
    assert Case.objects.count() == 10
    assert "not loaded again" in out.getvalue()


def test_the_banner_prints_the_demo_logins(db):
    out = io.StringIO()
    call_command("demo_banner", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for username, _, _ in DEMO_USERS:
        assert username in text


def test_the_banner_says_the_demo_is_still_loading_until_it_is(db):
    out = io.StringIO()
    call_command("demo_banner", stdout=out)
    assert "still loading" in out.getvalue()
    call_command("demo_load", "--if-empty", "--cases", "10", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_banner", stdout=out)
    assert "still loading" not in out.getvalue()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_make_run_leaves_the_past_letters_pdfs_to_the_worker(redis_server, workers, tmp_path):
    """Procfile.dev's demo: the cases are in before the past letters' PDFs are made; the worker
    that starts next makes them, and a second request for them makes nothing twice."""
    redis_server.start()
    app_broker_use(redis_server.url)
    out = io.StringIO()
    call_command("demo_load", "--cases", "10", "--history-pdfs-by-worker", stdout=out)
    assert "The worker makes the past letters' PDFs next." in out.getvalue()
    waiting = Letter.objects.filter(status=Letter.Status.SENT, pdf="").exclude(sent_at=None)
    past = list(waiting.order_by("-sent_at").select_related("case")[:40])
    assert past, "the demo records past responses as sent letters without a PDF"

    workers.start(
        broker_url=redis_server.url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        INTAKE_MAIL_DIR=str(tmp_path / "intake"),
    )
    assert wait_for(lambda: not waiting.filter(pk__in=[letter.pk for letter in past]).exists())
    for letter in past:
        letter.refresh_from_db()
        assert letter.case.reference in pdf_flat_text(letter_bytes(letter))
        assert letter.letter_date == clock.local_date(letter.sent_at)
    digests = {letter.pk: letter.sha256 for letter in past}
    assert demo_history_pdfs_attach([letter.pk for letter in past]) == 0
    assert {
        pk: sha for pk, sha in Letter.objects.filter(pk__in=digests).values_list("pk", "sha256")
    } == digests

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction

from devtools.demo import DEMO_USERS, demo_load
from feedback.models import Case

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

"""The session store (accounts/session_store.py): Django's database sessions, with one UPDATE
and no transaction around a write, and no look-up before a new key is inserted (issue 14)."""

from datetime import UTC, datetime

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import session_store
from accounts.session_store import SessionStore

pytestmark = pytest.mark.django_db(transaction=True)


def test_writing_a_session_is_one_update_and_no_transaction():
    session = SessionStore()
    session["answers"] = {"kind": "complaint"}
    session.save()
    session["answers"] = {"kind": "compliment"}
    with CaptureQueriesContext(connection) as captured:
        session.save()
    assert [q["sql"].split(" ")[0] for q in captured.captured_queries] == ["UPDATE"]
    assert SessionStore(session_key=session.session_key)["answers"] == {"kind": "compliment"}


def test_the_update_stores_the_data_and_the_expiry_as_the_orms_update_did():
    session = SessionStore()
    session["answers"] = {"kind": "complaint"}
    session.save()
    expiry = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    session.set_expiry(expiry)
    session["answers"] = {"kind": "comment", "summary": "Bins ‘late’ \u2013 again"}
    session.save()
    row = Session.objects.get(session_key=session.session_key)
    assert row.expire_date == expiry
    stored = row.get_decoded()
    assert stored["answers"] == {"kind": "comment", "summary": "Bins ‘late’ – again"}
    assert SessionStore(session_key=session.session_key).get_expiry_date() == expiry
    assert Session.objects.count() == 1  # the one row, updated


def test_a_new_session_is_inserted_without_looking_its_key_up_first():
    session = SessionStore()
    session["answers"] = {}
    with CaptureQueriesContext(connection) as captured:
        session.save()
    statements = [q["sql"].split(" ")[0] for q in captured.captured_queries]
    assert "SELECT" not in statements
    assert statements.count("INSERT") == 1
    assert Session.objects.filter(session_key=session.session_key).exists()


def _first_visitor_holding_the_next_key(monkeypatch) -> SessionStore:
    """A visitor's saved session whose key the next new session draws first ("k" * 32 next)."""
    taken = SessionStore()
    taken["who"] = "first visitor"
    taken.save()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(session_store, "get_random_string", lambda length, chars: next(keys))
    return taken


def test_a_key_already_taken_is_refused_by_the_table_and_another_is_used(monkeypatch):
    taken = _first_visitor_holding_the_next_key(monkeypatch)

    second = SessionStore()
    second["who"] = "second visitor"
    second.save()

    assert second.session_key == "k" * 32
    assert SessionStore(session_key=taken.session_key)["who"] == "first visitor"
    assert SessionStore(session_key="k" * 32)["who"] == "second visitor"


def test_a_session_ended_meanwhile_is_not_brought_back():
    session = SessionStore()
    session["answers"] = {}
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()  # signed out everywhere
    session["answers"] = {"kind": "complaint"}
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()


def test_the_settings_use_this_store(settings):
    assert settings.SESSION_ENGINE == "accounts.session_store"


# A visitor's session read from the cache (SESSION_CACHE_READS): the database stays the record.


@pytest.fixture
def cached_reads(settings):
    from django.core.cache import cache

    settings.SESSION_CACHE_READS = True
    cache.clear()
    yield
    cache.clear()


def _statements(block) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        block()
    return [q["sql"].split(" ")[0] for q in captured.captured_queries]


def test_a_visitors_session_is_read_from_the_cache_and_written_to_the_database(cached_reads):
    session = SessionStore()
    session["feedback_draft"] = {"steps": {"kind": {"kind": "complaint"}}}
    session.save()
    session["feedback_draft"] = {"steps": {"kind": {"kind": "compliment"}}}
    assert _statements(session.save) == ["UPDATE"]

    again = SessionStore(session_key=session.session_key)
    assert _statements(lambda: again["feedback_draft"]) == []
    assert again["feedback_draft"] == {"steps": {"kind": {"kind": "compliment"}}}
    stored = Session.objects.get(session_key=session.session_key).get_decoded()
    assert stored["feedback_draft"] == {"steps": {"kind": {"kind": "compliment"}}}


def test_a_cache_that_lost_the_session_costs_a_database_read_not_the_answers(cached_reads):
    from django.core.cache import cache

    session = SessionStore()
    session["feedback_draft"] = {"steps": {"details": {"summary": "Bins"}}}
    session.save()
    cache.clear()  # evicted, or the cache restarted

    again = SessionStore(session_key=session.session_key)
    assert _statements(lambda: again["feedback_draft"]) == ["SELECT"]
    assert again["feedback_draft"] == {"steps": {"details": {"summary": "Bins"}}}
    # Read back once, it is kept again.
    assert _statements(lambda: SessionStore(session_key=session.session_key).load()) == []


def test_a_cache_refusing_a_write_never_serves_the_older_answers(cached_reads, monkeypatch):
    from django.core.cache import cache

    session = SessionStore()
    session["feedback_draft"] = {"steps": {"kind": {"kind": "complaint"}}}
    session.save()

    def full(*args, **kwargs):
        raise ConnectionError("OOM command not allowed when used memory > 'maxmemory'")

    monkeypatch.setattr(cache, "set", full)
    session["feedback_draft"] = {"steps": {"kind": {"kind": "compliment"}}}
    session.save()
    monkeypatch.undo()

    again = SessionStore(session_key=session.session_key)
    assert again["feedback_draft"] == {"steps": {"kind": {"kind": "compliment"}}}


def test_an_unreachable_cache_leaves_sessions_to_the_database(cached_reads, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "delete"):
        monkeypatch.setattr(cache, method, down)
    session = SessionStore()
    session["feedback_draft"] = {"steps": {}}
    session.save()
    assert SessionStore(session_key=session.session_key)["feedback_draft"] == {"steps": {}}


def test_a_signed_in_session_is_always_read_from_the_database(cached_reads):
    from django.contrib.auth import SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = "42"
    session.save()
    again = SessionStore(session_key=session.session_key)
    assert _statements(again.load) == ["SELECT"]
    # Ended in the database (signed out everywhere): the next request no longer has it.
    Session.objects.filter(session_key=session.session_key).delete()
    assert SESSION_KEY not in SessionStore(session_key=session.session_key).load()


def test_deleting_a_session_deletes_its_cached_copy(cached_reads):
    session = SessionStore()
    session["feedback_draft"] = {"steps": {}}
    session.save()
    key = session.session_key
    session.delete()
    assert _statements(lambda: SessionStore(session_key=key).load()) == ["SELECT"]
    assert "feedback_draft" not in SessionStore(session_key=key).load()


def test_the_memory_cache_of_one_process_is_never_used_for_sessions_by_default():
    from django.conf import settings

    assert settings.SESSION_CACHE_READS is settings.CACHES["default"]["BACKEND"].endswith(
        "RedisCache"
    )


def test_signing_in_on_a_visitors_session_is_not_undone_by_its_cached_copy(cached_reads):
    from django.contrib.auth import SESSION_KEY

    session = SessionStore()
    session["feedback_draft"] = {"steps": {}}
    session.save()
    session.cycle_key()  # as login() does: the visitor's data under a new key
    session[SESSION_KEY] = "42"
    session.save()
    assert SessionStore(session_key=session.session_key).load()[SESSION_KEY] == "42"


def test_a_signed_in_officer_stays_signed_in_with_cached_reads(cached_reads, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.get(reverse("public:new"))  # a visitor's session first, then signing in
    officer = get_user_model().objects.create_user("reader", password="correct horse battery")
    client.force_login(officer)
    client.get("/")
    session = SessionStore(session_key=client.session.session_key)
    assert session.load().get("_auth_user_id") == str(officer.pk)


def _cache_calls(monkeypatch) -> list[str]:
    """The cache's round trips. A `get_many` (the session with the keys read alongside it) is
    one read, as on Redis: it counts as "get", not as the memory cache's gets it is made of."""
    from django.core.cache import cache

    calls: list[str] = []
    inside: list[str] = []
    for method in ("get", "get_many", "set", "delete"):
        original = getattr(cache, method)

        def counted(*args, _name=method, _original=original, **kwargs):
            if inside:
                return _original(*args, **kwargs)
            calls.append("get" if _name == "get_many" else _name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, method, counted)
    return calls


def test_reading_a_signed_in_session_the_cache_lacks_deletes_nothing(cached_reads, monkeypatch):
    """Every officer's request reads a signed-in session: one cache GET that misses, then the
    database; no DELETE of an entry the GET just found absent."""
    from django.contrib.auth import SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = "42"
    session.save()
    calls = _cache_calls(monkeypatch)
    assert SessionStore(session_key=session.session_key).load()[SESSION_KEY] == "42"
    assert calls == ["get"]


def test_a_signed_in_copy_found_in_the_cache_is_not_served_and_is_deleted(
    cached_reads, monkeypatch
):
    """An entry no write of this store makes (a signed-in session's data) is never served: the
    database answers and the entry goes."""
    from django.contrib.auth import SESSION_KEY
    from django.core.cache import cache

    session = SessionStore()
    session[SESSION_KEY] = "42"
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()  # ended meanwhile
    cache.set(session_store.CACHE_KEY_PREFIX + session.session_key, {SESSION_KEY: "42"})
    calls = _cache_calls(monkeypatch)
    assert SESSION_KEY not in SessionStore(session_key=session.session_key).load()
    session = SessionStore()
    session[SESSION_KEY] = "43"
    session.save()
    cache.set(session_store.CACHE_KEY_PREFIX + session.session_key, {SESSION_KEY: "42"})
    calls.clear()
    assert SessionStore(session_key=session.session_key).load()[SESSION_KEY] == "43"
    assert calls == ["get", "delete"]
    assert cache.get(session_store.CACHE_KEY_PREFIX + session.session_key) is None


def test_a_new_session_outside_a_transaction_is_inserted_without_one(monkeypatch):
    """In autocommit the INSERT is atomic by itself: no BEGIN and COMMIT around it (the public
    form's first question, for every visitor)."""
    from django.db.models.signals import pre_save

    in_transaction = []

    def note(sender, **kwargs):
        in_transaction.append(connection.in_atomic_block)

    pre_save.connect(note, sender=Session, dispatch_uid="test-insert")
    try:
        session = SessionStore()
        session["answers"] = {}
        session.save()
    finally:
        pre_save.disconnect(dispatch_uid="test-insert", sender=Session)
    assert in_transaction == [False]
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_a_taken_key_inside_a_callers_transaction_leaves_that_transaction_usable(monkeypatch):
    from django.db import transaction

    _first_visitor_holding_the_next_key(monkeypatch)
    with transaction.atomic():
        second = SessionStore()
        second["who"] = "second visitor"
        second.save()
        assert Session.objects.count() == 2  # the caller's transaction still answers
    assert SessionStore(session_key="k" * 32)["who"] == "second visitor"

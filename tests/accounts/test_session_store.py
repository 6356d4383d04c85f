"""The session store (accounts/session_store.py): Django's database sessions, with one UPDATE
and no transaction around a write, and no look-up before a new key is inserted (issue 14)."""

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


def test_a_new_session_is_inserted_without_looking_its_key_up_first():
    session = SessionStore()
    session["answers"] = {}
    with CaptureQueriesContext(connection) as captured:
        session.save()
    statements = [q["sql"].split(" ")[0] for q in captured.captured_queries]
    assert "SELECT" not in statements
    assert statements.count("INSERT") == 1
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_a_key_already_taken_is_refused_by_the_table_and_another_is_used(monkeypatch):
    taken = SessionStore()
    taken["who"] = "first visitor"
    taken.save()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(session_store, "get_random_string", lambda length, chars: next(keys))

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

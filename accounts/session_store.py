"""Django's database sessions, with fewer statements: the database stays the record, and a
visitor's session is read from the shared cache when there is one.

Writes. Every step of the public form and many officer actions write the session. Django's
store wraps each write in a transaction (BEGIN, UPDATE, COMMIT) and looks a new key up before
inserting it. Neither is needed: one UPDATE or INSERT in autocommit is atomic by itself, and the
INSERT of a new key is refused by the table's primary key if the key is taken, which `create()`
answers with another key. Creating a session inside a caller's transaction keeps Django's
savepoint, so a refused INSERT there rolls back only its savepoint.

Reads (`SESSION_CACHE_READS`, on by default when the cache is Redis, as production's must be).
Each of the public form's 20 requests read its session from the database. A session without a
signed-in user (a member of the public's draft answers) is now also kept in the cache, written
after the database on every save, so its reads cost no query. Every write still goes to the
database first: a cache that loses the entry (eviction, restart) only costs a database read, and
a cache that refuses the write has its copy deleted, so it never serves the answers as they were
before. Signed-in sessions are never kept in the cache (signing in deletes the visitor's copy),
so ending them in the database (sign out everywhere, an administrator) counts at the very next
request; their requests pay one cache miss before the database read. The embedded set-up's
memory cache is per process, so there the reads stay in the database.
"""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import IntegrityError, connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string

from dbreads.first_row import FirstRow

logger = logging.getLogger(__name__)

CACHE_KEY_PREFIX = "accounts.session:"
# The columns `_update` sets, then the one it finds the row by.
_UPDATED = ("session_data", "expire_date", "session_key")


# Django's own read (`get(session_key=..., expire_date__gt=now)`), compiled once: every signed-in
# request sends it, and building and compiling the query cost more CPU than the query itself.
_live_session = FirstRow(
    Session,
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    stand_ins=("\x00session", datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)),
    prepare=lambda alias, values: (
        values[0],
        connections[alias].ops.adapt_datetimefield_value(values[1]),
    ),
)


# Keys another layer reads with every session, in the same round trip (feedback.reference's
# token, which every request then needs): their values, where the cache had them, are left on
# the store as `alongside`.
_read_alongside: list[str] = []


def session_read_alongside(key: str) -> None:
    if key not in _read_alongside:
        _read_alongside.append(key)


def _cacheable(data: dict) -> bool:
    """Only visitors' sessions: a signed-in one is read from the database, where ending it
    counts at once."""
    return SESSION_KEY not in data


class SessionStore(db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        self._cache = caches[settings.SESSION_CACHE_ALIAS] if settings.SESSION_CACHE_READS else None
        self.alongside: dict[str, object] = {}
        super().__init__(session_key)

    def _get_new_session_key(self) -> str:
        # 32 characters of 36 possible: a clash is astronomically unlikely, and `create()` still
        # tries another key if the INSERT is refused.
        return get_random_string(32, VALID_KEY_CHARS)

    # Cached reads

    def _cache_key(self, session_key: str) -> str:
        return CACHE_KEY_PREFIX + session_key

    def _cache_get(self) -> tuple[dict | None, bool]:
        """The cached visitor's data, or None; and whether the cache held nothing at all under
        the key (a miss, as against an entry it must not serve, or no answer)."""
        if self._cache is None or not self.session_key:
            return None, False
        key = self._cache_key(self.session_key)
        try:
            if _read_alongside:
                found = self._cache.get_many([key, *_read_alongside])
                self.alongside = {name: found[name] for name in _read_alongside if name in found}
                data = found.get(key)
            else:
                data = self._cache.get(key)
        except Exception:  # an unreachable cache: the database answers
            logger.warning("Session cache unreachable on read", exc_info=True)
            return None, False
        if data is None:
            return None, True
        return (data if isinstance(data, dict) and _cacheable(data) else None), False

    def _cache_set(self, data: dict, expiry_seconds: int) -> None:
        if self._cache is None or not self.session_key:
            return
        if not _cacheable(data):
            # Signed in on a visitor's session (login keeps the data under a new key, first
            # saved without the user): its visitor's copy must go, or it would sign them out.
            self._cache_delete(self.session_key)
            return
        try:
            self._cache.set(self._cache_key(self.session_key), data, expiry_seconds)
        except Exception:
            # A cache refusing writes but still answering reads (Redis full) would otherwise
            # serve the answers as they were before this write.
            logger.warning("Session cache refused a write", exc_info=True)
            self._cache_delete(self.session_key)

    def _cache_delete(self, session_key: str | None) -> None:
        if self._cache is None or not session_key:
            return
        try:
            self._cache.delete(self._cache_key(session_key))
        except Exception:
            logger.warning("Session cache unreachable on delete", exc_info=True)

    def _get_session_from_db(self) -> Session | None:
        if self.model is not Session:  # a subclass with its own model: Django's read
            return super()._get_session_from_db()
        stored = _live_session(self.session_key, timezone.now())
        if stored is None:  # missing or expired: forget the key, as Django's store does
            self._session_key = None
        return stored

    def load(self) -> dict:
        data, missed = self._cache_get()
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:  # missing or expired: Django's store has forgotten the key
            return {}
        data = self.decode(stored.session_data)
        if missed and not _cacheable(data):
            # A signed-in session, and the cache holds nothing under its key: nothing to
            # delete (every officer's request came here, and paid a DELETE for nothing).
            return data
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    # Writes: the database first, then the cache

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()  # as Django's store: a new key, then save(must_create=True)
        if must_create:
            self._insert()
        else:
            self._update()
        # Django's own accessor (loads the data if it was not read yet); django-stubs lacks it.
        self._cache_set(self._get_session(), self.get_expiry_age())  # type: ignore[attr-defined]

    def _insert(self) -> None:
        """The INSERT of a new key. Outside a transaction it is atomic by itself and a taken
        key refused by the primary key leaves nothing to undo: Django's BEGIN and COMMIT around
        it were two more round trips on every new visitor (the public form's first question).
        Inside a caller's transaction, Django's own savepoint keeps that transaction usable."""
        data = self._get_session(no_load=True)  # type: ignore[attr-defined]
        instance = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=instance)
        if connections[using].in_atomic_block:
            super().save(must_create=True)
            return
        try:
            instance.save(force_insert=True, using=using)
        except IntegrityError:
            raise CreateError from None

    def _update(self) -> None:
        """`filter(session_key=...).update(session_data=..., expire_date=...)`, written out:
        building that query cost about 0.3 ms of CPU, paid by every answer on the public form.
        The values are prepared by their fields, as the ORM does."""
        data = self._get_session()  # type: ignore[attr-defined]
        instance = self.create_model_instance(data)
        connection = connections[router.db_for_write(self.model, instance=instance)]
        fields = [self.model._meta.get_field(name) for name in _UPDATED]
        quote = connection.ops.quote_name
        # Only quoted names of the model's own table and columns; the values are parameters.
        sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608
            quote(self.model._meta.db_table), *(quote(field.column) for field in fields)
        )
        params = [
            field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            updated = cursor.rowcount
        if not updated:
            # Ended meanwhile (signed out everywhere, or cleared): as Django's own store does.
            raise UpdateError

    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        self._cache_delete(session_key or self.session_key)

"""Django's database sessions, two statements fewer where a session is written.

Every step of the public form and many officer actions write the session. Django's store wraps
each write in a transaction (BEGIN, UPDATE, COMMIT) and looks a new key up before inserting it.
Neither is needed: one UPDATE in autocommit is atomic by itself, and the INSERT of a new key is
refused by the table's primary key if the key is taken, which `create()` answers with another
key. Creating a session keeps Django's transaction, so a refused INSERT inside a caller's
transaction rolls back only its savepoint.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.db import router
from django.utils.crypto import get_random_string


class SessionStore(db.SessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters of 36 possible: a clash is astronomically unlikely, and `create()` still
        # tries another key if the INSERT is refused.
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        # Django's own accessor (loads the data if it was not read yet); django-stubs lacks it.
        data = self._get_session()  # type: ignore[attr-defined]
        instance = self.create_model_instance(data)
        updated = (
            self.model.objects.using(router.db_for_write(self.model, instance=instance))
            .filter(session_key=instance.session_key)
            .update(session_data=instance.session_data, expire_date=instance.expire_date)
        )
        if not updated:
            # Ended meanwhile (signed out everywhere, or cleared): as Django's own store does.
            raise UpdateError

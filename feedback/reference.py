"""Reference data kept per process: what every submission or officer list reads and an
administrator rarely changes (the council's channels, services, categories and officers here;
its policies and calendar in escalation).

Each public request reads its organisation anyway (`selectors.organisation_current`); the row
carries `reference_version`, which every save or delete of a registered model raises in the
same transaction. A value read here is kept under the version it was read at, so:

* another process sees a change as soon as it commits, with no shared cache (the embedded
  set-up has none) and no time-to-live;
* a rolled-back change rolls its version back too;
* inside the transaction that changes reference data, this connection reads the database
  until that transaction commits (it must see its own uncommitted rows; a rollback leaves it
  reading the database, which is slower, never stale, until the next committed change).

Values are shared between requests: treat them as read-only.

The organisation itself (`organisation_kept`, with `ORGANISATION_CACHE_READS`, on by default
when the cache is Redis, as production's must be). Reading it was a query on every request (20
on the public form's flow) only to learn the version. A process now keeps the row under a stamp
held in the shared cache, and each version raise puts a new random stamp there once its
transaction has committed. A reader fetches the stamp before it reads the row, so a row read
before a change committed is always kept under a stamp the change has since replaced: the next
request, in any process, reads the row again. A request's session brings the stamp in its own
round trip (accounts.session_store reads it alongside), so it costs no extra one. A cache that
lost the stamp (restart, eviction) gets a new one and every process reads the row once; one that
cannot be reached leaves every read to the database. The stamp lives STAMP_SECONDS, which bounds
how long a change made without the version raise (SQL by hand, a restored backup) or a refused
stamp write goes unseen. The embedded set-up's memory cache is per process, so there every read
stays a query.
"""

import logging
import secrets
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models import F, signals

from .models import Channel, Organisation, ServiceArea

T = TypeVar("T")
logger = logging.getLogger(__name__)

_memo: dict[tuple[int, str], tuple[int, Any]] = {}
_lock = threading.Lock()
_DIRTY = "_reference_data_changed"


def reference_read(organisation: Organisation, name: str, load: Callable[[], T]) -> T:
    """`load()`'s value for `organisation`, read again only when its reference data changed."""
    if getattr(connection, _DIRTY, False) or organisation.pk is None:
        return load()
    key = (organisation.pk, name)
    version = organisation.reference_version
    kept = _memo.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = load()
    with _lock:
        _memo[key] = (version, value)
    return value


def reference_forget() -> None:
    """Drop every kept value of this process (tests, between databases)."""
    global _kept_organisation
    with _lock:
        _memo.clear()
        _kept_organisation = None
    setattr(connection, _DIRTY, False)


# The organisation, kept under the shared stamp

STAMP_KEY = "feedback.reference.stamp"
STAMP_SECONDS = 60
# (the stamp it was read under, its fields' values or None when there is no council yet)
_kept_organisation: tuple[str, tuple | None] | None = None


def _stamp_cache():
    return caches["default"]


def _stamp_read() -> str | None:
    """The shared stamp, a new one if the cache had none; None if the cache cannot say."""
    cache = _stamp_cache()
    try:
        stamp = cache.get(STAMP_KEY)
        if stamp is None:
            fresh = secrets.token_hex(8)
            stamp = fresh if cache.add(STAMP_KEY, fresh, STAMP_SECONDS) else cache.get(STAMP_KEY)
    except Exception:  # an unreachable cache: the database answers
        logger.warning("Reference stamp unreachable on read", exc_info=True)
        return None
    return stamp


def _stamp_replace() -> None:
    """After a version raise has committed: every process reads the organisation again."""
    try:
        _stamp_cache().set(STAMP_KEY, secrets.token_hex(8), STAMP_SECONDS)
    except Exception:
        logger.error("Reference stamp not replaced: a change may go unseen", exc_info=True)


def stamp_read_with(session) -> str | None:
    """The stamp the request's session brought from the cache in its own round trip
    (accounts.session_store reads it alongside), if it did and it was read from this cache."""
    if settings.SESSION_CACHE_ALIAS != "default":
        return None
    stamp = getattr(session, "alongside", {}).get(STAMP_KEY)
    return stamp if isinstance(stamp, str) else None


def organisation_kept(
    load: Callable[[], Organisation | None], stamp: str | None = None
) -> Organisation | None:
    """`load()`'s organisation, read again only when the shared stamp changed. Each call gets
    its own instance: callers may change theirs. `stamp`: one read earlier in this request,
    before any read of the row (the session's)."""
    global _kept_organisation
    if not settings.ORGANISATION_CACHE_READS or getattr(connection, _DIRTY, False):
        return load()
    stamp = stamp or _stamp_read()
    if stamp is None:
        return load()
    kept = _kept_organisation
    if kept is not None and kept[0] == stamp:
        if kept[1] is None:
            return None
        return Organisation.from_db(connection.alias, None, kept[1])
    organisation = load()
    values = None
    if organisation is not None:
        values = tuple(
            getattr(organisation, field.attname) for field in Organisation._meta.concrete_fields
        )
    with _lock:
        _kept_organisation = (stamp, values)
    return organisation


def _committed() -> None:
    setattr(connection, _DIRTY, False)


def _version_raise(organisation_id: int | None) -> None:
    # Officers, groups and permissions belong to no one council: they raise every council's.
    councils = Organisation.objects.all()
    if organisation_id is not None:
        councils = councils.filter(pk=organisation_id)
    councils.update(reference_version=F("reference_version") + 1)
    with _lock:
        for key in [key for key in _memo if organisation_id in (None, key[0])]:
            del _memo[key]
    if connection.in_atomic_block:
        setattr(connection, _DIRTY, True)
        transaction.on_commit(_committed)
    if settings.ORGANISATION_CACHE_READS:
        transaction.on_commit(_stamp_replace)  # at once outside a transaction


def _organisation_of(instance: models.Model) -> int | None:
    if isinstance(instance, Organisation):
        return instance.pk
    return getattr(instance, "organisation_id", None)


def _saved(
    sender: type[models.Model], instance: models.Model, update_fields=None, **kwargs
) -> None:
    # Signing in saves last_login, which no reference data shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _version_raise(_organisation_of(instance))


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    _version_raise(_organisation_of(instance))


def _related(sender: type[models.Model], action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _version_raise(None)


def reference_models_register(*models_: type[models.Model]) -> None:
    """Models whose rows are reference data: a save or delete raises the organisation's
    version (every organisation's, for a model that belongs to none: users, groups). For a
    many-to-many field's `through` model, adding or removing raises it. Wings register theirs
    in AppConfig.ready()."""
    for model in models_:
        uid = f"reference:{model._meta.label}"
        if model._meta.auto_created:  # a many-to-many table
            signals.m2m_changed.connect(_related, sender=model, dispatch_uid=uid)
            continue
        signals.post_save.connect(_saved, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def channel_by_slug(organisation: Organisation, slug: str) -> Channel:
    channels = reference_read(
        organisation,
        "channels",
        lambda: {
            channel.slug: channel for channel in Channel.objects.filter(organisation=organisation)
        },
    )
    try:
        return channels[slug]
    except KeyError:
        raise Channel.DoesNotExist(slug) from None


def services_active(organisation: Organisation) -> list[ServiceArea]:
    """The services a member of the public may choose, in the council's order."""
    return reference_read(
        organisation,
        "services_active",
        lambda: list(ServiceArea.objects.filter(organisation=organisation, is_active=True)),
    )

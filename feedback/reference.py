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
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import F, signals

from .models import Channel, Organisation, ServiceArea

T = TypeVar("T")

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
    with _lock:
        _memo.clear()
    setattr(connection, _DIRTY, False)


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

"""Reference data (the council, its services, categories, channels and officers) kept in
Django's cache (`CACHES['default']`: Redis in production, shared by every process), so the
officer case list does not read five small tables on every request.

What is cached is kept with a version, itself in the cache. Saving or deleting any model the
data is built from (or changing a user's groups or permissions, or an officer's services)
replaces the version at once, which the same process sees on its next read, and again when
the transaction commits, so that another process which read the old rows before the commit
cannot keep them under the new version. Writes that send no signal (`QuerySet.update`,
`bulk_create`) and, with a per-process cache (locmem, in development), changes made in another
process are seen when the entry expires: `REFERENCE_CACHE_SECONDS`.
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals

logger = logging.getLogger(__name__)

VERSION_KEY = "feedback:reference:version"
REFERENCE_CACHE_SECONDS = 30


def _version_new() -> str:
    # add, not set: two processes starting at once agree on one version.
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY)


def _version_replace() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A save (a migration's, an admin's) must not fail because the cache is unreachable;
        # what it holds expires within REFERENCE_CACHE_SECONDS anyway.
        logger.warning("Could not replace the reference data's version", exc_info=True)


def reference_changed() -> None:
    _version_replace()
    transaction.on_commit(_version_replace)


def reference_cached(name: str, build: Callable[[], Any]) -> Any:
    """`build()`'s result, from the cache while the reference data has not changed. The
    version and the data are read together (one round trip to Redis); the data is kept with
    the version it was built under and used only while that is still the version."""
    key = f"feedback:reference:{name}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _version_new()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    cache.set(key, (version, value), timeout=REFERENCE_CACHE_SECONDS)
    return value


def _saved(sender, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login, which no reference data shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    reference_changed()


def _changed(sender, **kwargs) -> None:
    reference_changed()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        reference_changed()


def reference_signals_connect() -> None:
    from .models import Category, Channel, OfficerProfile, Organisation, ServiceArea

    User = get_user_model()  # noqa: N806
    for model in (Organisation, ServiceArea, Category, Channel, OfficerProfile, User, Group):
        uid = f"feedback.reference:{model._meta.label}"
        signals.post_save.connect(_saved, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_changed, sender=model, dispatch_uid=uid)
    for through in (
        OfficerProfile.services.through,
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        signals.m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"feedback.reference:{through._meta.label}"
        )

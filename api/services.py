"""Writes the API makes beyond feedback's own services: idempotent creation."""

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from feedback.models import Case

from .models import IdempotencyKey


class IdempotencyKeyReused(Exception):
    """The same key came with a different request body."""


@dataclass(frozen=True)
class CreateResult:
    status: int
    body: dict
    replayed: bool


def _normalise(value):
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def request_fingerprint(data) -> str:
    """A digest of the request's content, the same for the same body whatever its key order or
    multipart boundary, so a retry matches and a changed body does not."""
    if hasattr(data, "lists"):  # a QueryDict from a form or multipart body
        data = {key: values for key, values in data.lists()}
    canonical = json.dumps(_normalise(data), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotent_replay(*, user: AbstractBaseUser, key: str, fingerprint: str) -> CreateResult | None:
    """The stored result of an earlier create with this key and body, or None if there was
    none; IdempotencyKeyReused if the key came before with another body."""
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused
    return CreateResult(status=record.response_status, body=record.response_body, replayed=True)


# The rows a create wrote that its response shows (timeline entries, attachments, stages), so
# the response is rendered from them rather than read back: three queries saved on every create.
# Each request (thread or task) has its own list; None outside `rows_created`.
_rows_created: ContextVar[list | None] = ContextVar("api_rows_created", default=None)


def row_created(sender, instance, created: bool, **kwargs) -> None:
    """post_save receiver (api.apps): remembers a new row while a create is being answered."""
    rows = _rows_created.get()
    if created and rows is not None:
        rows.append(instance)


@contextlib.contextmanager
def rows_created() -> Iterator[list]:
    """The rows the receivers saw inserted within the block (of every case: filter by case)."""
    rows: list = []
    reset = _rows_created.set(rows)
    try:
        yield rows
    finally:
        _rows_created.reset(reset)


def case_create_idempotent(
    *,
    user: AbstractBaseUser,
    key: str | None,
    fingerprint: str,
    create: Callable[[], Case],
    render: Callable[[Case], dict],
) -> CreateResult:
    """Run `create` (a feedback.services.case_create call) at most once per (user, key).

    The key row is inserted first, in the case's transaction: a key used before (by an earlier
    request, or a concurrent one, which blocks on the unique index until the first commits) is
    refused by that index, and the first's stored response is replayed. So the caller need
    not look the key up first (the API view does, before validating the body). A create that
    fails leaves no key, so the client may retry.

    Without a key there is nothing to remember: `create`'s own transaction is the whole write
    (no savepoint inside an outer one), and the response is rendered after it commits."""
    if not key:
        case = create()
        return CreateResult(status=201, body=render(case), replayed=False)
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
            case = create()
            body = json.loads(json.dumps(render(case), default=str))
            record.case = case
            record.response_status = 201
            record.response_body = body
            record.save(update_fields=["case", "response_status", "response_body"])
    except IntegrityError:
        earlier = idempotent_replay(user=user, key=key, fingerprint=fingerprint)
        if earlier is None:
            raise
        return earlier
    return CreateResult(status=201, body=body, replayed=False)

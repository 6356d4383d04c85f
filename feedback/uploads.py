"""The one check every uploaded file goes through (public form, officers, API), and private
storage for files the public upload before their case exists.

The type comes from the file's bytes (libmagic), never from its name or the browser's claim:
both are chosen by the sender.

Files a member of the public uploads before sending the form wait in `MEDIA_ROOT/pending/`
under a random key held in their session. That folder is never served; the files move into
the case when it is stored, and `pending_uploads_purge` removes those of abandoned forms.
"""

import os
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from . import clock
from .upload_safety import content_check

# Office documents are zip or OLE containers: libmagic needs more than the first block to
# tell a Word document from any other zip.
_SNIFF_BYTES = 64 * 1024


def allowed_types_text() -> str:
    names = sorted(set(settings.ATTACHMENT_ALLOWED_TYPES.values()))
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def upload_check(file: UploadedFile) -> str:
    """The file's content type, or ValidationError with a message the user can act on."""
    if not file.size:
        raise ValidationError("The selected file is empty", code="empty")
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than "
            f"{filesizeformat(settings.ATTACHMENT_MAX_BYTES)}",
            code="too_big",
        )
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    content_type = magic.from_buffer(head, mime=True)
    if content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        raise ValidationError(f"The selected file must be a {allowed_types_text()}", code="type")
    content_check(file, content_type)
    return content_type


@dataclass(frozen=True)
class PendingUpload:
    key: str
    name: str
    size: int
    content_type: str

    def as_dict(self) -> dict:
        return asdict(self)


def _pending_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending_path(key: str) -> Path:
    # Keys are ours (token_hex), but they come back from the session: refuse anything else.
    if not key or not key.isalnum():
        raise ValueError("Not a pending upload key")
    return _pending_dir() / key


def pending_upload_save(*, file: UploadedFile, content_type: str) -> PendingUpload:
    key = secrets.token_hex(16)
    with open(_pending_path(key), "wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    original = os.path.basename(file.name or "document")[:255]
    return PendingUpload(key=key, name=original, size=file.size, content_type=content_type)


def pending_upload_open(upload: PendingUpload) -> File:
    """The stored bytes as a Django File named as the customer named it; the caller closes it."""
    return File(open(_pending_path(upload.key), "rb"), name=upload.name)  # noqa: SIM115


def pending_upload_exists(upload: PendingUpload) -> bool:
    return _pending_path(upload.key).is_file()


def pending_upload_delete(upload: PendingUpload) -> None:
    _pending_path(upload.key).unlink(missing_ok=True)


def pending_uploads_purge(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete files of forms never sent. Safe to run at any time and more than once."""
    cutoff = (now or clock.now()).timestamp() - older_than.total_seconds()
    removed = 0
    for path in _pending_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

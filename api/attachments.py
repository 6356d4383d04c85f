"""Attachment checks shared with the web form (feedback.uploads.upload_check)."""

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


def _sniff(upload: UploadedFile) -> str:
    head = upload.read(2048)
    upload.seek(0)
    content_type = magic.from_buffer(head, mime=True)
    if content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        allowed = ", ".join(sorted(set(settings.ATTACHMENT_ALLOWED_TYPES.values())))
        raise ValidationError(f"The file must be a {allowed}.")
    return content_type


def upload_content_type(upload: UploadedFile) -> str:
    """The checked content type, or ValidationError with a message for the customer."""
    try:
        from feedback.uploads import upload_check
    except ImportError:  # the web form's helper had not landed yet
        return _sniff(upload)
    return upload_check(upload)

"""The one check every uploaded file goes through (public form, officers, API).

The type comes from the file's bytes (libmagic), never from its name or the browser's claim:
both are chosen by the sender.
"""

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

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
    return content_type

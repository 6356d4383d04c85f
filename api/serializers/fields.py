"""Fields stricter than DRF's defaults: a CRM that sends a number where text belongs, or a
date-time with no zone, gets a clear 400 rather than a silent conversion."""

import base64
import binascii
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Must be text."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            raise serializers.ValidationError("Must not contain NUL characters.")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with a UTC offset; a naive time is ambiguous across the clock change."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, for example 2026-11-20T14:30:00Z.",
        "range": "Must be between the year 2000 and now.",
    }

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail("invalid", format="ISO 8601")
        if timezone.is_naive(parsed):
            self.fail("naive")
        try:
            return parsed.astimezone(timezone.get_current_timezone())
        except (OverflowError, ValueError):
            self.fail("range")


@extend_schema_field(
    {
        "type": "object",
        "required": ["name", "content"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255},
            "content": {
                "type": "string",
                "format": "byte",
                "description": "The file's bytes, base64-encoded.",
            },
        },
    }
)
class AttachmentField(serializers.Field):
    """Accepts `{"name": "photo.jpg", "content": "<base64>"}` (JSON) or a file (multipart) and
    returns an UploadedFile; the content is checked like the web form's uploads later."""

    default_error_messages = {
        "invalid": 'Send a file, or an object with "name" and base64 "content".',
        "base64": "The content is not valid base64.",
        "empty": "The file is empty.",
        "too_big": "The file must be smaller than {limit} MB.",
        "name": "Give the file's name.",
    }

    def to_internal_value(self, data) -> UploadedFile:
        limit = settings.ATTACHMENT_MAX_BYTES
        if isinstance(data, UploadedFile):
            if not data.size:
                self.fail("empty")
            if data.size > limit:
                self.fail("too_big", limit=limit // (1024 * 1024))
            return data
        if not isinstance(data, dict):
            self.fail("invalid")
        name, content = data.get("name"), data.get("content")
        if not isinstance(name, str) or not name.strip() or len(name) > 255 or "\x00" in name:
            self.fail("name")
        if not isinstance(content, str):
            self.fail("invalid")
        # base64 is 4/3 of the bytes: refuse oversized input before decoding it.
        if len(content) > (limit * 4) // 3 + 4:
            self.fail("too_big", limit=limit // (1024 * 1024))
        try:
            raw = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            self.fail("base64")
        if not raw:
            self.fail("empty")
        if len(raw) > limit:
            self.fail("too_big", limit=limit // (1024 * 1024))
        return SimpleUploadedFile(name.strip().replace("/", "_").replace("\\", "_"), raw)

    def to_representation(self, value):
        return {"name": getattr(value, "name", "")}


class SlugChoiceField(serializers.SlugRelatedField):
    """A slug of a piece of reference data; an unknown or inactive one is a field error."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "null_characters": "Null characters are not allowed.",
    }

    # The active rows by slug, when the serializer has them from the kept reference data
    # (feedback.reference): no query per field.
    kept: dict | None = None

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:  # PostgreSQL refuses NUL in a query parameter: a 500, not a 400
            self.fail("null_characters")
        if self.kept is None:
            return super().to_internal_value(data)
        try:
            return self.kept[data]
        except KeyError:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)

"""One JSON shape for every error the API returns, so a CRM can handle them in one place:

    {"status": 400, "code": "invalid", "detail": "Check the fields listed in fields.",
     "fields": {"customer.email": ["Enter a valid email address."]}}

`fields` is always present (empty when the error is not about a field); nested serializer and
list errors are flattened to dotted paths ("attachments.0.content")."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

DEFAULT_DETAIL = "Check the fields listed in fields."


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for path, messages in _flatten(value, name).items():
                flat.setdefault(path, []).extend(messages)
    elif isinstance(errors, list):
        if all(not isinstance(item, dict | list) for item in errors):
            flat[prefix or "non_field_errors"] = [str(item) for item in errors]
        else:
            for index, item in enumerate(errors):
                if item in ({}, []):
                    continue
                name = f"{prefix}.{index}" if prefix else str(index)
                for path, messages in _flatten(item, name).items():
                    flat.setdefault(path, []).extend(messages)
    else:
        flat[prefix or "non_field_errors"] = [str(errors)]
    return flat


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def error_body(*, status_code: int, code: str, detail: str, fields: dict | None = None) -> dict:
    return {"status": status_code, "code": code, "detail": detail, "fields": fields or {}}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling, logged with the traceback

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _flatten(detail)
        message = DEFAULT_DETAIL
        # A single message not about a field reads better as the detail itself.
        if set(fields) == {"non_field_errors"} and len(fields["non_field_errors"]) == 1:
            message = fields["non_field_errors"][0]
        body = error_body(
            status_code=response.status_code, code="invalid", detail=message, fields=fields
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, dict | list):
            fields = _flatten(detail)
            message = DEFAULT_DETAIL
        else:
            fields = {}
            message = str(detail)
        body = error_body(
            status_code=response.status_code,
            code=_code(exc) if isinstance(exc, exceptions.APIException) else "error",
            detail=message,
            fields=fields,
        )
    response.data = body
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"

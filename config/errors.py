"""The error pages: GOV.UK styled, with a way on (navigation, the council's phone number) and,
on the public form, the reassurance that the answers typed so far are kept.

Each page renders without the database: a 500 may be the database itself being down, and the
public must then get a clear "try again" page (503), never Django's bare text. The council's
phone number comes from the database when it answers, else from COUNCIL_PHONE.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from feedback.selectors import organisation_current

logger = logging.getLogger(__name__)

_PUBLIC_FORM_PREFIX = "/feedback/"
_STAFF_PREFIXES = ("/officer/", "/admin/", "/statistics/", "/api/")


def _organisation() -> object | None:
    try:
        return organisation_current()
    except DatabaseError:
        return None


def _page(request: HttpRequest, template: str, status: int, *, database: bool = True):
    path = request.path if request is not None else ""
    organisation = _organisation() if database else None
    context = {
        "organisation": organisation,
        "phone": getattr(organisation, "phone", "") or settings.COUNCIL_PHONE,
        "public_form": path.startswith(_PUBLIC_FORM_PREFIX),
        "staff_area": path.startswith(_STAFF_PREFIXES),
        "status": status,
        "max_file": settings.ATTACHMENT_MAX_BYTES,
    }
    # No request context: the context processors would query the database.
    return HttpResponse(loader.render_to_string(template, context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def too_large(request: HttpRequest) -> HttpResponse:
    """413: the body was refused unread, so the session (the answers so far) is untouched."""
    return _page(request, "errors/413.html", 413, database=False)


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return _page(request, "errors/503_database.html", 503, database=False)
    return _page(request, "errors/500.html", 500)

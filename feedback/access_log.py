"""The read-access log: who opened which case, customer record, letter or attachment, and when.
Officer views call `access_record` after the selector has let the user in, so refusals (403,
404) are not logged as reads. The complaints manager searches it per case and per officer;
entries older than settings.ACCESS_LOG_RETENTION_DAYS are deleted by `access_log_purge`."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest

from . import clock
from .models import AccessLogEntry

SEARCH_PERMISSION = "feedback.view_accesslogentry"


def access_record(
    *,
    request: HttpRequest,
    kind: str,
    object_id: int,
    case_reference: str = "",
    customer_id: int | None = None,
    now: datetime | None = None,
) -> AccessLogEntry:
    user: AbstractBaseUser = request.user
    return AccessLogEntry.objects.create(
        at=now or clock.now(),
        user=user,
        username=user.get_username(),
        kind=kind,
        object_id=object_id,
        case_reference=case_reference,
        customer_id_seen=customer_id,
        path=request.path[:255],
    )


def access_log_search(*, reference: str = "", username: str = "") -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.all()
    if reference.strip():
        entries = entries.filter(case_reference__iexact=reference.strip())
    if username.strip():
        entries = entries.filter(username__iexact=username.strip())
    return entries.order_by("-at", "-pk")


def access_log_purge(*, now: datetime | None = None) -> int:
    """Delete entries past the retention period; running it twice deletes nothing more."""
    cutoff = (now or clock.now()) - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _ = AccessLogEntry.objects.filter(at__lt=cutoff).delete()
    return deleted

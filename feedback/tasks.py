"""Thin tasks: ids in, a service call out. Safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from . import notifications
from .access_log import access_log_purge
from .acknowledgements import acknowledgement_queue
from .models import Case
from .quarantine import attachment_scan, pending_scans_requeue
from .retention import retention_run
from .selectors import organisation_current
from .subject_access import subject_access_exports_purge
from .uploads import pending_uploads_purge


@shared_task(autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_notification(notification_id: int) -> bool:
    return notifications.notification_send(notification_id=notification_id)


@shared_task
def send_acknowledgement_email(case_id: int) -> None:
    """Kept for messages queued before the acknowledgement was written with the case."""
    acknowledgement_queue(case=Case.objects.select_related("customer").get(pk=case_id))


@shared_task
def resend_pending_notifications() -> int:
    """The outbox sweep: publish again what the broker lost or a dead worker left leased."""
    ids = notifications.notification_ids_due()
    for notification_id in ids:
        notifications.notification_publish(notification_id=notification_id)
    return len(ids)


@shared_task
def purge_pending_uploads() -> int:
    """Files of public forms never sent: kept no longer than the form's answers."""
    return pending_uploads_purge(older_than=timedelta(seconds=settings.FEEDBACK_DRAFT_MAX_AGE))


@shared_task
def purge_access_log() -> int:
    """Read-access entries older than settings.ACCESS_LOG_RETENTION_DAYS."""
    return access_log_purge()


@shared_task
def retention_sweep() -> int:
    """The retention schedule, daily: anonymise what has passed its period (idempotent)."""
    organisation = organisation_current()
    if organisation is None:
        return 0
    return len(retention_run(organisation=organisation).cases)


@shared_task
def purge_subject_access_exports() -> int:
    return subject_access_exports_purge()


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800, max_retries=10)
def scan_attachment(attachment_id: int) -> str:
    """Upload quarantine: retried while clamd cannot be reached; a second run does nothing."""
    return attachment_scan(attachment_id=attachment_id)


@shared_task
def requeue_pending_scans() -> int:
    return pending_scans_requeue(older_than=timedelta(minutes=15))

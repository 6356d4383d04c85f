"""Upload quarantine (CLAMD_SOCKET set, CLAMD_MODE "quarantine"): an attachment is stored as
"waiting for a virus scan" and is not served (download, subject access export) until a Celery
task has had clamd find it clean. The task is idempotent (only a pending attachment is scanned,
and the verdict is written with a conditional UPDATE) and retried while clamd cannot be reached;
an hourly sweep queues again any scan the broker lost. An infected file is moved to
`MEDIA_ROOT/quarantine/`, which nothing serves, and the case's timeline says so."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from . import clock
from .models import Attachment, CaseEvent, ScanStatus
from .services import event_record
from .upload_safety import clamd_answer

logger = logging.getLogger(__name__)


def quarantine_on() -> bool:
    return bool(settings.CLAMD_SOCKET) and settings.CLAMD_MODE == "quarantine"


def attachment_scan_queue(attachment_id: int) -> bool:
    """Hand the scan to the broker; if it cannot be reached, the sweep queues it later."""
    from .tasks import scan_attachment

    try:
        scan_attachment.delay(attachment_id)
    except Exception as exc:  # kombu raises many kinds
        logger.warning("Scan of attachment %s not queued (%s): the sweep will", attachment_id, exc)
        return False
    return True


def attachment_scan(*, attachment_id: int, now: datetime | None = None) -> str:
    """Scan one pending attachment and record the verdict. Returns its status afterwards.
    Raises OSError when clamd cannot be reached (the task retries)."""
    attachment = Attachment.objects.select_related("case").filter(pk=attachment_id).first()
    if attachment is None or attachment.scan_status != ScanStatus.PENDING:
        return attachment.scan_status if attachment else ""
    # No transaction or row lock is held while clamd reads the file.
    with attachment.file.open("rb") as stored:
        answer = clamd_answer(stored)
    now = now or clock.now()
    if answer.endswith("OK"):
        verdict, result = ScanStatus.CLEAN, ""
    elif answer.endswith("FOUND"):
        verdict = ScanStatus.INFECTED
        result = answer.removeprefix("stream:").removesuffix("FOUND").strip()[:255]
    else:
        raise OSError(f"clamd answered {answer!r}")
    with transaction.atomic():
        claimed = Attachment.objects.filter(pk=attachment.pk, scan_status=ScanStatus.PENDING)
        if not claimed.update(scan_status=verdict, scanned_at=now, scan_result=result):
            return Attachment.objects.get(pk=attachment.pk).scan_status  # done meanwhile
        if verdict == ScanStatus.INFECTED:
            _withhold(attachment, result=result, now=now)
    return verdict


def _withhold(attachment: Attachment, *, result: str, now: datetime) -> None:
    storage = attachment.file.storage
    with attachment.file.open("rb") as stored:
        kept = storage.save(f"quarantine/{attachment.sha256}", stored)
    old = attachment.file.name
    Attachment.objects.filter(pk=attachment.pk).update(file=kept)
    transaction.on_commit(lambda: storage.delete(old))
    logger.warning("Attachment %s on %s withheld: %s", attachment.pk, attachment.case, result)
    event_record(
        case=attachment.case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Document withheld: a virus was found in {attachment.original_name}"[:255],
        detail=f"The virus scanner found {result}. The file is kept out of reach.",
        actor_label="Virus scan",
        at=now,
    )


def pending_scans_requeue(*, older_than: timedelta, now: datetime | None = None) -> int:
    """The sweep: queue again the scans of attachments still pending after `older_than`."""
    cutoff = (now or clock.now()) - older_than
    ids = list(
        Attachment.objects.filter(
            scan_status=ScanStatus.PENDING, uploaded_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for attachment_id in ids:
        attachment_scan_queue(attachment_id)
    return len(ids)

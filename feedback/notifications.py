"""The email outbox: queue inside a transaction, publish after commit, send at most once per
claim.

Why it is built this way (issue 13):

* The row is written in the caller's transaction, so the promise to email survives anything
  that happens after commit: a broker that is down, a worker that dies.
* Publishing to the broker happens after commit and may fail; the request is never harmed
  and the periodic sweep (`notification_ids_due`) publishes whatever the broker lost.
* A worker claims a row with a lease (a short UPDATE, committed at once), sends with
  EMAIL_TIMEOUT and no transaction or row lock open, then records "sent" before its task is
  acknowledged. A worker killed before the provider accepts the message leaves a lease that
  expires; the sweep sends it again. The one duplicate that remains possible: the process dies
  after the provider accepted the message and before "sent" is committed."""

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q

from . import clock
from .models import Case, Notification, Organisation

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def notification_queue(
    *,
    organisation: Organisation,
    key: str,
    to: str,
    subject: str,
    body: str,
    case: Case | None = None,
    attachment: tuple[str, bytes, str] | None = None,
    key_is_new: bool = False,
) -> Notification:
    """Queue an email; queuing the same key again returns the first one and sends nothing.

    `key_is_new` when the key cannot have been used (it names a case created in this
    transaction): one INSERT instead of a read, a savepoint and the insert."""
    defaults = {"organisation": organisation, "to": to, "subject": subject, "body": body}
    if case is not None:
        defaults["case"] = case
    if attachment is not None:
        name, content, mimetype = attachment
        defaults.update(
            attachment_name=name, attachment_content=content, attachment_mimetype=mimetype
        )
    if key_is_new:
        notification, created = Notification.objects.create(key=key, **defaults), True
    else:
        notification, created = Notification.objects.get_or_create(key=key, defaults=defaults)
    if created:
        notification_publish_on_commit(notification)
    return notification


def notification_publish_on_commit(notification: Notification) -> None:
    """Hand a row just inserted to the broker once the transaction commits (nothing if it
    rolls back: the row is gone with it)."""
    pk = notification.pk
    transaction.on_commit(lambda: notification_publish(notification_id=pk))


def notification_publish(*, notification_id: int) -> bool:
    """Hand the row to the broker. A broker that cannot be reached is logged, not raised: the
    row is committed and the outbox sweep sends it once the broker is back."""
    from .tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception as exc:  # kombu raises many kinds (OperationalError, OSError, ...)
        logger.warning(
            "Email %s not handed to the broker (%s): the outbox sweep will send it",
            notification_id,
            exc,
        )
        return False
    return True


def _lease_seconds() -> int:
    return settings.NOTIFICATION_LEASE_SECONDS


def notification_claim(*, notification_id: int, now: datetime) -> str | None:
    """Take the row for one sending attempt: one conditional UPDATE, committed at once, so no
    lock is held while the mail server is talked to. Returns the lease token, or None when
    the row is sent, failed, or leased by a live attempt."""
    token = uuid.uuid4().hex
    claimable = Q(status=Notification.Status.PENDING) | Q(
        status=Notification.Status.SENDING, lease_until__lt=now
    )
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(claimable, pk=notification_id).update(
                status=Notification.Status.SENDING,
                lease_until=now + timedelta(seconds=_lease_seconds()),
                lease_token=token,
                attempts=F("attempts") + 1,
            )
            == 1
        )
    return token if claimed else None


def _message(notification: Notification) -> EmailMessage:
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to],
        # The SMTP backend reads EMAIL_TIMEOUT; passing it says so for any backend that takes it.
        connection=get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT),
    )
    if notification.attachment_name:
        message.attach(
            notification.attachment_name,
            bytes(notification.attachment_content),
            notification.attachment_mimetype,
        )
    return message


def notification_send(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one queued email if it is still due. Returns whether this call sent it.

    Two workers given the same id send it once: only one wins the claim."""
    now = now or clock.now()
    token = notification_claim(notification_id=notification_id, now=now)
    if token is None:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        _message(notification).send(fail_silently=False)
    except Exception as exc:  # any transport failure: release the claim, retry later
        logger.warning("Email %s failed: %s", notification.key, exc)
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id, lease_token=token).update(
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
            lease_until=None,
            last_error=str(exc)[:2000],
        )
        raise  # the task retries with back-off; the attempt is recorded above
    # "Sent" is committed before the task returns, so before the broker hears it is done.
    recorded = Notification.objects.filter(pk=notification_id, lease_token=token).update(
        status=Notification.Status.SENT, sent_at=clock.now(), lease_until=None, last_error=""
    )
    if not recorded:  # our lease ran out and another attempt took the row: say so
        logger.error("Email %s sent after its lease expired; it may go twice", notification.key)
    return True


def notification_ids_due(*, now: datetime | None = None) -> list[int]:
    """What the broker lost: pending rows older than the grace period (their own task has had
    its chance) and rows whose sending attempt died with its lease. Oldest first."""
    now = now or clock.now()
    grace = now - timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    return list(
        Notification.objects.filter(
            Q(status=Notification.Status.PENDING, created_at__lte=grace)
            | Q(status=Notification.Status.SENDING, lease_until__lt=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )

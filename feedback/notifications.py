"""The email outbox: queue inside a transaction, send after commit, exactly once per key."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

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
) -> Notification:
    """Queue an email; queuing the same key again returns the first one and sends nothing."""
    from .tasks import send_notification

    defaults = {"organisation": organisation, "to": to, "subject": subject, "body": body}
    if case is not None:
        defaults["case"] = case
    if attachment is not None:
        name, content, mimetype = attachment
        defaults.update(
            attachment_name=name, attachment_content=content, attachment_mimetype=mimetype
        )
    notification, created = Notification.objects.get_or_create(key=key, defaults=defaults)
    if created:
        send_notification.delay_on_commit(notification.pk)
    return notification


def notification_send(*, notification_id: int) -> bool:
    """Send one queued email if it is still pending. Returns whether this call sent it.

    The row is locked while sending, so two workers given the same id send it once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return False
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.to],
        )
        if notification.attachment_name:
            message.attach(
                notification.attachment_name,
                bytes(notification.attachment_content),
                notification.attachment_mimetype,
            )
        notification.attempts += 1
        failure: Exception | None = None
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # any transport failure: keep it pending and retry later
            failure = exc
            logger.warning("Email %s failed: %s", notification.key, exc)
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = clock.now()
            notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if failure is not None:
        raise failure  # after the commit above, so the attempt is recorded; the task retries
    return True


def notification_ids_pending() -> list[int]:
    """Emails still waiting (a lost task, a provider that was down), oldest first."""
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )

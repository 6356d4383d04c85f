"""Who may see a case from outside, and who looked inside: the customer's progress links and
the read-access log of staff."""

from django.conf import settings
from django.db import models


class ProgressLink(models.Model):
    """A link that opens one case's progress page for one address. Only a hash of the token is
    stored; the link ends when an officer ends it, when the case is closed or withdrawn, when a
    newer link for the same case and address replaces it, or when it expires."""

    class Purpose(models.TextChoices):
        PROGRESS = "progress", "See progress and act on the case"

    class Ending(models.TextChoices):
        REPLACED = "replaced", "A newer link was sent"
        OFFICER = "officer", "Ended by an officer"
        CASE_ENDED = "case_ended", "The case was closed or withdrawn"

    # progress_link_case_idx starts with the case: no index of its own (issue 14).
    case = models.ForeignKey(
        "feedback.Case", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    email = models.EmailField()
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.PROGRESS)
    token_digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_because = models.CharField(max_length=20, choices=Ending.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "ended_at"], name="progress_link_case_idx")]

    def __str__(self) -> str:
        return f"Progress link for case {self.case_id}"


class AccessLogEntry(models.Model):
    """One staff member opening a case, a customer record, a letter or an attachment. Kept for
    settings.ACCESS_LOG_RETENTION_DAYS, then deleted by `access_log_purge`."""

    class Kind(models.TextChoices):
        CASE = "case", "Case"
        CUSTOMER = "customer", "Customer"
        LETTER = "letter", "Letter"
        ATTACHMENT = "attachment", "Attachment"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    customer_id_seen = models.PositiveIntegerField(null=True, blank=True)
    path = models.CharField(max_length=255)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="access_user_at_idx")]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.username} opened {self.kind} {self.object_id}"

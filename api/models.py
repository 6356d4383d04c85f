"""What the API keeps of its own: the Idempotency-Key records that make a retried create safe."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """One `Idempotency-Key` a client sent on a create, with the response it got.

    Written in the same transaction as the case, so a key exists if and only if its case does;
    the unique (user, key) constraint makes a concurrent duplicate wait for the first and then
    fail, instead of opening a second case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the request body, to refuse a reused key."
    )
    case = models.ForeignKey(
        "feedback.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key

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


class ApiToken(models.Model):
    """One integration's key to the API (a CRM, a contact-centre system): stored as a SHA-256
    of the key (the key itself is shown once, when issued), with an expiry and scopes. It acts
    as its user, so the user's role and services bound what it sees; the scopes bound what it
    may do on top of that. Revoke it in the admin."""

    class Scope(models.TextChoices):
        READ = "read", "Read cases, reference data and statistics"
        CREATE = "create", "Create feedback"
        TRANSITIONS = "transitions", "Take lifecycle transitions"

    name = models.CharField(
        max_length=100, help_text="The integration it is for, e.g. “CRM”. One active token each."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_api_token_per_integration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

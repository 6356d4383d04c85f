"""What the council keeps about people and for how long: the retention schedule and subject
access exports (feedback.retention, feedback.subject_access)."""

from django.conf import settings
from django.db import models

from .models import Customer, FeedbackKind, Organisation


class RetentionRule(models.Model):
    """How many years after closure a case's personal data is kept, per kind and outcome;
    the complaints manager edits these (the admin). A kind and outcome with no rule keeps the
    default in feedback.retention.DEFAULT_YEARS."""

    class Outcome(models.TextChoices):
        ANY = "any", "Any outcome"
        OMBUDSMAN = "ombudsman", "Went to the Ombudsman"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=FeedbackKind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ANY)
    years = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "outcome"], name="retention_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.get_outcome_display().lower()}: {self.years}y"


class SubjectAccessExport(models.Model):
    """A subject access request's zip (feedback.subject_access): deleted after its expiry."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="exports")
    file = models.FileField(upload_to="subject-access/", max_length=255)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.file.name

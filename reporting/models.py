"""Reporting only reads the other apps' tables; its one table is the introduction the
complaints manager writes for each report."""

from django.conf import settings
from django.db import models

from feedback.models import Organisation


class ReportKind(models.TextChoices):
    STANDARDS = "standards", "Standards Committee report"
    CABINET = "cabinet", "Cabinet report"
    ANNUAL = "annual", "Complaints performance and service improvement report"
    RANGE = "range", "Report for a chosen period"


class ReportIntroduction(models.Model):
    """The complaints manager's introduction to one report (one per kind and period)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    report_kind = models.CharField(max_length=20, choices=ReportKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    text = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "report_kind", "period_start", "period_end"],
                name="unique_report_introduction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_report_kind_display()} {self.period_start}–{self.period_end}"


class MeasureTarget(models.Model):
    """The council's target for one measure (a rate or a mean of the registry), shown beside
    the actual figure with a plain-text status. Where a council has set none, the reports use
    reporting.targets.DEFAULT_TARGETS (seed 003's 80% first-contact resolution; the stage
    timescales of the policy in force)."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    measure_key = models.CharField(max_length=40)
    target = models.DecimalField(max_digits=8, decimal_places=1)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure_key"], name="unique_measure_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_key} {self.get_direction_display()} {self.target}"

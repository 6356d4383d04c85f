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

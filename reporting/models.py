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


class Compliance(models.TextChoices):
    YES = "yes", "Complies"
    PARTLY = "partly", "Partly complies"
    NO = "no", "Does not comply"


class SelfAssessment(models.Model):
    """The council's self-assessment against the Complaint Handling Code for one financial year
    (`year` is the year it starts, 2025 for 2025-26), with the governing body's response. One
    per year: each year is its own version; the next starts from the previous year's answers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    governing_body_response = models.TextField(blank=True)
    governing_body_responded_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_self_assessment")
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.year}-{(self.year + 1) % 100:02d}"


class SelfAssessmentAnswer(models.Model):
    """The council's answer to one requirement of the Code (reporting.code.REQUIREMENTS)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.CharField(max_length=10)
    evidence = models.TextField(blank=True)
    complies = models.CharField(max_length=10, choices=Compliance.choices, blank=True)
    actions_planned = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="unique_self_assessment_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.get_complies_display() or 'not answered'}"


class ServiceImprovement(models.Model):
    """A lesson learned from complaints and what the council did about it ("you said, we
    did"), linked to the cases that taught it."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    service = models.ForeignKey("feedback.ServiceArea", on_delete=models.PROTECT)
    lesson = models.TextField(help_text="What the complaints showed (you said).")
    action = models.TextField(help_text="What the council changed (we did).")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(null=True, blank=True)
    cases = models.ManyToManyField("feedback.Case", blank=True, related_name="+")
    publish = models.BooleanField(
        default=False, help_text="Shown on the public page once done (no case details)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "done_on"], name="improvement_done_idx")]

    def __str__(self) -> str:
        return self.action[:60]

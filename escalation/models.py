"""Stages, deadlines and the policies that set them."""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q

from feedback.models import Case, Channel, Organisation, ServiceArea


class ClosureDay(models.Model):
    """A day the council is closed beyond weekends and bank holidays (e.g. 24, 29-31 December)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    date = models.DateField()
    reason = models.CharField(max_length=120, blank=True)
    # When it was last edited, for the admin. (The per-process calendar follows the council's
    # reference_version, feedback.reference, which every save or delete here raises.)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="unique_closure_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} {self.reason}".strip()


class DayUnit(models.TextChoices):
    WORKING = "working", "working days"
    CALENDAR = "calendar", "calendar days"


class ClockStart(models.TextChoices):
    RECEIPT = "receipt", "when the complaint is received"
    ACKNOWLEDGEMENT = "acknowledgement", "when the complaint is acknowledged"
    REQUEST = "request", "when the customer asks for the stage"


class Stage(models.IntegerChoices):
    STAGE1 = 1, "Stage 1"
    STAGE2 = 2, "Stage 2"


class StagePolicy(models.Model):
    """The deadlines of one stage. Rows are never edited once used: a change is a new row whose
    `effective_from` decides which cases it applies to (a case keeps the deadlines it was given).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    name = models.CharField(max_length=120, default="Council policy")
    acknowledge_days_electronic = models.PositiveSmallIntegerField(default=1)
    acknowledge_days_written = models.PositiveSmallIntegerField(default=5)
    acknowledge_unit = models.CharField(
        max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING
    )
    respond_days = models.PositiveSmallIntegerField()
    respond_unit = models.CharField(max_length=10, choices=DayUnit.choices)
    clock_starts = models.CharField(max_length=20, choices=ClockStart.choices)
    max_extension_days = models.PositiveSmallIntegerField(default=10)
    extension_unit = models.CharField(
        max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING
    )
    escalation_window_days = models.PositiveSmallIntegerField(
        default=20,
        help_text="Stage 1 only: how long after the response the customer may ask for Stage 2.",
    )
    escalation_window_unit = models.CharField(
        max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        default=2, help_text="Remind the assigned officer this many working days before a deadline."
    )
    effective_from = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The rules a council sets (everything but identity and bookkeeping): what the policy form
    # edits, what a new version copies from the one before, what the API shows.
    RULE_FIELDS = (
        "acknowledge_days_electronic",
        "acknowledge_days_written",
        "acknowledge_unit",
        "respond_days",
        "respond_unit",
        "clock_starts",
        "max_extension_days",
        "extension_unit",
        "escalation_window_days",
        "escalation_window_unit",
        "reminder_working_days",
    )

    class Meta:
        ordering = ["stage", "-effective_from"]
        verbose_name_plural = "stage policies"
        indexes = [
            models.Index(
                fields=["organisation", "stage", "effective_from"], name="policy_lookup_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.respond_days} {self.get_respond_unit_display()}"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class CaseStage(models.Model):
    """One formal stage of one complaint, with the deadlines it was given when it opened."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    # Where the stage was handled: the case's service and channel when the stage opened
    # (escalation.stages.stage_open). The reports group stages by these, so a case that later
    # moves service still counts its earlier stages where they were handled, and a report reads
    # a period's stages without joining every case.
    service = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The case's service when the stage opened.",
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The channel the case came by (for the time to answer per channel).",
    )
    policy = models.ForeignKey(StagePolicy, on_delete=models.PROTECT)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(help_text="Receipt (Stage 1) or the customer's request.")
    request_reason = models.TextField(blank=True, help_text="Stage 2: why the customer asked.")
    acknowledge_due = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response_due_original = models.DateField()
    response_due = models.DateField(help_text="After any extension.")
    extension_reason = models.TextField(blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Who answered the stage, beside its handler: a Stage 2 review is refused to each of them
    # (escalation.selectors.stage2_reviewer_refusal).
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who sent the response (the respond transition).",
    )
    working_days_taken = models.PositiveSmallIntegerField(null=True, blank=True)
    acknowledgement_met = models.BooleanField(null=True, blank=True)
    response_met = models.BooleanField(null=True, blank=True)
    escalation_until = models.DateField(
        null=True,
        blank=True,
        help_text="Stage 1: the last day the customer may ask for Stage 2 (set on response).",
    )
    complaint_understood = models.TextField(
        blank=True, help_text="The complaint as the council understood it."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    lessons_learned = models.TextField(blank=True)
    # Kept by the database from lessons_learned, so the reports' covering index of answered
    # stages can hold it: an index cannot hold the free text itself (a long entry would not
    # fit in an index row).
    lessons_recorded = models.GeneratedField(
        expression=ExpressionWrapper(~Q(lessons_learned=""), output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["case", "stage"]
        constraints = [models.UniqueConstraint(fields=["case", "stage"], name="unique_case_stage")]
        indexes = [
            models.Index(fields=["stage", "opened_at"], name="stage_opened_idx"),
            models.Index(fields=["stage", "responded_at"], name="stage_responded_idx"),
            models.Index(fields=["response_due"], name="stage_due_idx"),
            models.Index(fields=["responded_at", "response_due"], name="stage_open_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_stage_display()}"

    def save(self, *args, **kwargs):
        # stage_open sets both; a stage made any other way (fixtures, the admin, a test) is
        # handled where its case is now.
        if self.service_id is None:
            self.service_id = self.case.service_id
        if self.channel_id is None:
            self.channel_id = self.case.channel_id
        super().save(*args, **kwargs)


class Remedy(models.Model):
    class Kind(models.TextChoices):
        APOLOGY = "apology", "Apology"
        EXPLANATION = "explanation", "Explanation"
        ACTION = "action", "Action to put things right"
        FINANCIAL = "financial", "Financial redress"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case_stage = models.ForeignKey(CaseStage, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    # For financial redress `amount` is what the response offered; what was actually paid is
    # recorded when the payment is made (escalation.responses.remedy_payment_record): the
    # reports total payments, not offers (seed 003, 1.1.5.8).
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_paid = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    payment_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "remedies"
        indexes = [
            models.Index(
                fields=["paid_on"],
                condition=models.Q(paid_on__isnull=False),
                name="remedy_paid_on_idx",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class OutstandingAction(models.Model):
    """An action promised in a response, followed up after the letter has gone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case_stage = models.ForeignKey(CaseStage, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outstanding_actions"
    )
    due_date = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["completed_at", "due_date"], name="action_due_idx")]

    def __str__(self) -> str:
        return self.description[:60]


class RefusalReason(models.Model):
    """Why feedback was not accepted as a complaint (an editable list, reported)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    explanation_for_customer = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class DeadlineNotice(models.Model):
    """One reminder or overdue notice. The unique key makes a re-run of the sweep send nothing
    twice: a notice is created before it is sent, and only the creator sends it."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Deadline approaching"
        OVERDUE = "overdue", "Overdue"
        MANAGER_OVERDUE = "manager_overdue", "Overdue, told the service manager"
        ACTION_DUE = "action_due", "Outstanding action due"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    deadline = models.DateField()
    subject_key = models.CharField(
        max_length=60, default="response", help_text="Which deadline: acknowledgement, response..."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "subject_key", "deadline", "recipient"],
                name="unique_deadline_notice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id} {self.deadline}"


class DeadlineExtension(models.Model):
    """One extension of a stage's response deadline, with why (the holding letter says it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case_stage = models.ForeignKey(CaseStage, on_delete=models.CASCADE, related_name="extensions")
    previous_due = models.DateField()
    new_due = models.DateField()
    reason = models.TextField()
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField()

    class Meta:
        ordering = ["case_stage", "extended_at"]

    def __str__(self) -> str:
        return f"{self.case_stage} to {self.new_due}"


class TriageOutcome(models.TextChoices):
    RESOLVED_AT_FIRST_CONTACT = (
        "resolved_first_contact",
        "Service request resolved at first contact",
    )
    SERVICE_REQUEST = "service_request", "Service request passed to the service"
    NOT_ACCEPTED = "not_accepted", "Not accepted as a complaint"
    FORWARDED = "forwarded", "Forwarded to another organisation"
    COMPLAINT = "complaint", "Accepted as a Stage 1 complaint"
    ACKNOWLEDGED = "acknowledged", "Comment or compliment acknowledged"
    PASSED_TO_SERVICE = "passed_to_service", "Passed to the service or staff member"


class CaseTriage(models.Model):
    """How a case was triaged, kept for reporting (refusals by reason, first-contact rate)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="triage")
    outcome = models.CharField(max_length=30, choices=TriageOutcome.choices)
    refusal_reason = models.ForeignKey(
        RefusalReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_to = models.CharField(
        max_length=200, blank=True, help_text="The organisation, service or staff member."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["outcome", "decided_at"], name="triage_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_outcome_display()}"

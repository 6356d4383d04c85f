"""Ombudsman cases: the enquiry, the council's response, the decision and the remedies.

An Ombudsman case is usually about one of the council's complaints (after Stage 2), but it can
stand alone: the Ombudsman may ask about a matter the council never saw, or saw only at Stage 1
(a "premature" complaint). Its state changes only through the django-fsm transitions below,
called from `ombudsman.services`.
"""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from feedback.models import Case, Organisation, ServiceArea
from feedback.transitions import condition, step, steps_by_name

from .querysets import OmbudsmanCaseQuerySet, RemedyQuerySet

LIAISE = "ombudsman.liaise_ombudsman"
COMPLY = "ombudsman.record_remedy_compliance"


class OmbudsmanBody(models.Model):
    """An Ombudsman the council answers to (an editable list, seeded with the two in England)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, help_text="For lists, e.g. LGSCO.")
    slug = models.SlugField()
    address = models.TextField()
    phone = models.CharField(max_length=40)
    email = models.EmailField(blank=True)
    website = models.URLField()
    response_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days the council has to answer an enquiry."
    )
    comments_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days the council has to comment on a draft decision."
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        default=3, help_text="Remind the officer this many working days before a deadline."
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "Ombudsman"
        verbose_name_plural = "Ombudsmen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_ombudsman_slug")
        ]

    def __str__(self) -> str:
        return self.name


class OmbudsmanState(models.TextChoices):
    ENQUIRY_RECEIVED = "enquiry_received", "Enquiry received"
    INFORMATION_SENT = "information_sent", "Information sent"
    DRAFT_DECISION = "draft_decision", "Draft decision received"
    COMMENTS_SENT = "comments_sent", "Comments sent"
    FINAL_DECISION = "final_decision", "Final decision"
    REMEDIES_COMPLIED = "remedies_complied", "Remedies complied with"
    CLOSED = "closed", "Closed"
    CLOSED_INITIAL_ENQUIRIES = "closed_initial_enquiries", "Closed after initial enquiries"
    CLOSED_PREMATURE = "closed_premature", "Closed: premature"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_OMBUDSMAN_STATES = frozenset(
    {
        OmbudsmanState.ENQUIRY_RECEIVED,
        OmbudsmanState.INFORMATION_SENT,
        OmbudsmanState.DRAFT_DECISION,
        OmbudsmanState.COMMENTS_SENT,
        OmbudsmanState.FINAL_DECISION,
        OmbudsmanState.REMEDIES_COMPLIED,
    }
)
BEFORE_DECISION = [
    OmbudsmanState.ENQUIRY_RECEIVED,
    OmbudsmanState.INFORMATION_SENT,
    OmbudsmanState.DRAFT_DECISION,
    OmbudsmanState.COMMENTS_SENT,
]


class Decision(models.TextChoices):
    """The Ombudsman's finding after a detailed investigation. "Justified" means upheld."""

    NOT_UPHELD = "not_upheld", "Not upheld: no fault"
    UPHELD_NO_INJUSTICE = "upheld_no_injustice", "Upheld: fault but no injustice"
    UPHELD_INJUSTICE = "upheld_injustice", "Upheld: fault and injustice"
    UPHELD_REMEDIED = (
        "upheld_remedied",
        "Upheld: the council had already provided a satisfactory remedy",
    )


UPHELD_DECISIONS = frozenset(
    {Decision.UPHELD_NO_INJUSTICE, Decision.UPHELD_INJUSTICE, Decision.UPHELD_REMEDIED}
)


class Outcome(models.TextChoices):
    """How the Ombudsman ended the case; kept after the state moves on, for reporting."""

    INVESTIGATED = "investigated", "Decided after detailed investigation"
    INITIAL_ENQUIRIES = "initial_enquiries", "Closed after initial enquiries"
    PREMATURE = "premature", "Premature: referred back to the council"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Origin(models.TextChoices):
    AFTER_PROCEDURE = "after_procedure", "After the council's complaints procedure"
    STAGE1_ONLY = "stage1_only", "The council saw it only at Stage 1"
    NOT_SEEN = "not_seen", "The council never saw the complaint"


@condition("List at least one document sent to the Ombudsman.")
def _has_documents_sent(instance: "OmbudsmanCase") -> bool:
    return instance.documents.exists()


@condition("Give the decision and the date of the final decision.")
def _has_decision(instance: "OmbudsmanCase") -> bool:
    return bool(instance.decision and instance.decided_on)


@condition("Every remedy must be marked complied with first.")
def _all_remedies_complied(instance: "OmbudsmanCase") -> bool:
    remedies = instance.remedies.all()
    return remedies.exists() and not remedies.filter(complied_on__isnull=True).exists()


@condition("Some remedies are not yet complied with.")
def _no_remedy_outstanding(instance: "OmbudsmanCase") -> bool:
    return not instance.remedies.filter(complied_on__isnull=True).exists()


# What each step records before and after the state changes (ombudsman.services.lifecycle).
EFFECTS = "ombudsman.services.lifecycle."


class OmbudsmanCase(ConcurrentTransitionMixin, models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    body = models.ForeignKey(OmbudsmanBody, on_delete=models.PROTECT, verbose_name="Ombudsman")
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ombudsman_cases",
        verbose_name="council complaint",
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.AFTER_PROCEDURE)
    service = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        related_name="ombudsman_cases",
        help_text="The complaint's service, or the one the Ombudsman's enquiry is about.",
    )
    ombudsman_reference = models.CharField("Ombudsman's reference", max_length=60)
    summary = models.CharField(max_length=200, help_text="What the complaint is about.")
    complainant_name = models.CharField(max_length=200, blank=True)
    investigator_name = models.CharField(max_length=200, blank=True)
    investigator_email = models.EmailField(blank=True)
    investigator_phone = models.CharField(max_length=40, blank=True)
    enquiry_received_on = models.DateField()
    response_due = models.DateField(help_text="The council's deadline to answer the enquiry.")
    information_sent_on = models.DateField(null=True, blank=True)
    draft_decision_received_on = models.DateField(null=True, blank=True)
    comments_due = models.DateField(null=True, blank=True)
    comments_sent_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(
        null=True, blank=True, help_text="Date of the final decision or of the closure."
    )
    decision_summary = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    next_due = models.DateField(
        null=True,
        blank=True,
        help_text="The earliest deadline still running (response, comments or a remedy).",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ombudsman_cases",
        verbose_name="assigned officer",
    )
    state = FSMField(
        default=OmbudsmanState.ENQUIRY_RECEIVED, choices=OmbudsmanState.choices, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OmbudsmanCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-enquiry_received_on", "-pk"]
        verbose_name = "Ombudsman case"
        permissions = [
            ("liaise_ombudsman", "Can record Ombudsman enquiries, responses and decisions"),
            ("record_remedy_compliance", "Can record compliance with an Ombudsman remedy"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "ombudsman_reference"], name="unique_ombudsman_reference"
            )
        ]
        indexes = [
            models.Index(fields=["state", "next_due"], name="omb_state_due_idx"),
            models.Index(fields=["next_due"], name="omb_next_due_idx"),
            models.Index(fields=["service", "state"], name="omb_service_state_idx"),
            models.Index(fields=["body", "state"], name="omb_body_state_idx"),
            models.Index(fields=["decision", "decided_on"], name="omb_decision_idx"),
            models.Index(fields=["decided_on"], name="omb_decided_idx"),
            models.Index(fields=["enquiry_received_on"], name="omb_received_idx"),
            models.Index(fields=["ombudsman_reference"], name="omb_reference_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.ombudsman_reference}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_OMBUDSMAN_STATES

    # Run by the one engine (feedback.transitions) through
    # ombudsman.services.ombudsman_case_transition; `now` is the time of the action.

    @transition(
        field=state,
        source=OmbudsmanState.ENQUIRY_RECEIVED,
        target=OmbudsmanState.INFORMATION_SENT,
        permission=LIAISE,
        conditions=[_has_documents_sent],
        custom=step(
            label="Record information sent",
            prepare=EFFECTS + "information_sent",
        ),
    )
    def send_information(self, now) -> None:
        """Answer the enquiry with the documents the Ombudsman asked for."""

    @transition(
        field=state,
        source=[OmbudsmanState.INFORMATION_SENT, OmbudsmanState.COMMENTS_SENT],
        target=OmbudsmanState.DRAFT_DECISION,
        permission=LIAISE,
        custom=step(
            label="Record draft decision received",
            prepare=EFFECTS + "draft_decision_received",
        ),
    )
    def receive_draft_decision(self, now) -> None:
        """The Ombudsman's draft decision has arrived; the council may comment."""

    @transition(
        field=state,
        source=OmbudsmanState.DRAFT_DECISION,
        target=OmbudsmanState.COMMENTS_SENT,
        permission=LIAISE,
        custom=step(
            label="Record comments sent",
            prepare=EFFECTS + "comments_sent",
        ),
    )
    def send_comments(self, now) -> None:
        """The council's comments on the draft decision have gone."""

    @transition(
        field=state,
        source=[
            OmbudsmanState.INFORMATION_SENT,
            OmbudsmanState.DRAFT_DECISION,
            OmbudsmanState.COMMENTS_SENT,
        ],
        target=OmbudsmanState.FINAL_DECISION,
        permission=LIAISE,
        conditions=[_has_decision],
        custom=step(
            label="Record final decision",
            prepare=EFFECTS + "final_decision_given",
            after=EFFECTS + "recommended_remedies_add",
        ),
    )
    def record_final_decision(self, now) -> None:
        """The final decision, with any remedies the Ombudsman recommends."""

    @transition(
        field=state,
        source=OmbudsmanState.FINAL_DECISION,
        target=OmbudsmanState.REMEDIES_COMPLIED,
        permission=LIAISE,
        conditions=[_all_remedies_complied],
        custom=step(
            label="Confirm all remedies complied with",
        ),
    )
    def confirm_remedies_complied(self, now) -> None:
        """Every recommended remedy is done and the Ombudsman has the evidence."""

    @transition(
        field=state,
        source=[OmbudsmanState.FINAL_DECISION, OmbudsmanState.REMEDIES_COMPLIED],
        target=OmbudsmanState.CLOSED,
        permission=LIAISE,
        conditions=[_no_remedy_outstanding],
        custom=step(
            label="Close the case",
            prepare=EFFECTS + "closed_on_given",
        ),
    )
    def close(self, now) -> None:
        """Nothing left to do (no remedies, or all complied with)."""

    @transition(
        field=state,
        source=[OmbudsmanState.ENQUIRY_RECEIVED, OmbudsmanState.INFORMATION_SENT],
        target=OmbudsmanState.CLOSED_INITIAL_ENQUIRIES,
        permission=LIAISE,
        custom=step(
            label="Record closed after initial enquiries",
            prepare=EFFECTS + "closed_after_initial_enquiries",
        ),
    )
    def close_after_initial_enquiries(self, now) -> None:
        """The Ombudsman decided not to investigate after its initial enquiries."""

    @transition(
        field=state,
        source=[OmbudsmanState.ENQUIRY_RECEIVED, OmbudsmanState.INFORMATION_SENT],
        target=OmbudsmanState.CLOSED_PREMATURE,
        permission=LIAISE,
        custom=step(
            label="Record closed as premature",
            prepare=EFFECTS + "closed_as_premature",
        ),
    )
    def close_premature(self, now) -> None:
        """The council had not finished its own procedure: referred back for local resolution."""

    @transition(
        field=state,
        source=BEFORE_DECISION,
        target=OmbudsmanState.WITHDRAWN,
        permission=LIAISE,
        custom=step(
            label="Record withdrawn",
            prepare=EFFECTS + "withdrawn",
        ),
    )
    def withdraw(self, now) -> None:
        """The complainant withdrew the complaint to the Ombudsman."""


# The officer-facing name of each step, in page order.
TRANSITION_LABELS = {name: spec.label for name, spec in steps_by_name(OmbudsmanCase).items()}


class OmbudsmanDocument(models.Model):
    """What the council sent the Ombudsman, and when."""

    ombudsman_case = models.ForeignKey(
        OmbudsmanCase, on_delete=models.CASCADE, related_name="documents"
    )
    description = models.CharField(max_length=255)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return self.description


class RemedyKind(models.TextChoices):
    APOLOGY = "apology", "Apology"
    FINANCIAL = "financial", "Financial redress"
    SERVICE_IMPROVEMENT = "service_improvement", "Service improvement"
    PROCEDURE_CHANGE = "procedure_change", "Procedure change"
    STAFF_TRAINING = "staff_training", "Staff training"
    OTHER = "other", "Other action"


class RecommendedRemedy(models.Model):
    """A remedy the Ombudsman recommended, followed until the council has done it and told the
    Ombudsman. Compensation paid is recorded against a service so reports total it by service.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    ombudsman_case = models.ForeignKey(
        OmbudsmanCase, on_delete=models.CASCADE, related_name="remedies"
    )
    service = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="ombudsman_remedies"
    )
    kind = models.CharField(max_length=30, choices=RemedyKind.choices)
    description = models.TextField()
    amount = models.DecimalField(
        "amount recommended", max_digits=10, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ombudsman_remedies",
    )
    evidence = models.TextField(blank=True, help_text="Evidence of compliance.")
    complied_on = models.DateField(null=True, blank=True)
    amount_paid = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    sent_to_ombudsman_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemedyQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name_plural = "recommended remedies"
        indexes = [
            models.Index(fields=["complied_on", "due_on"], name="omb_remedy_due_idx"),
            models.Index(fields=["due_on"], name="omb_remedy_due_on_idx"),
            models.Index(fields=["service", "complied_on"], name="omb_remedy_service_idx"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_complied(self) -> bool:
        return self.complied_on is not None


class OmbudsmanEvent(models.Model):
    """The Ombudsman case's own timeline. A linked complaint also gets each entry on its
    timeline (feedback.CaseEvent); a standalone case has only this one."""

    ombudsman_case = models.ForeignKey(
        OmbudsmanCase, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    summary = models.CharField(max_length=255)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["ombudsman_case", "at"], name="omb_event_case_at_idx")]

    def __str__(self) -> str:
        return self.summary

    @property
    def who(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label or "System"


class OmbudsmanNotice(models.Model):
    """One reminder or overdue notice about an Ombudsman deadline. Escalation's DeadlineNotice
    needs a council complaint and a user, but a standalone case has no complaint and a remedy
    may have no owner with a login, so this has its own table. The unique key makes a re-run of
    the sweep send nothing twice: a notice is created before it is sent, and only the creator
    sends it."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Deadline approaching"
        OVERDUE = "overdue", "Overdue"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    ombudsman_case = models.ForeignKey(
        OmbudsmanCase, on_delete=models.CASCADE, related_name="notices"
    )
    remedy = models.ForeignKey(
        RecommendedRemedy, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject_key = models.CharField(
        max_length=40, help_text="Which deadline: response, comments or remedy-<id>."
    )
    deadline = models.DateField()
    recipient_email = models.EmailField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ombudsman_case", "kind", "subject_key", "deadline", "recipient_email"],
                name="unique_ombudsman_notice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_key} {self.deadline}"

"""Feedback: the organisation, its reference data, customers and cases.

Every case-holding table carries `organisation`, so a shared service for several councils can
come later without a rewrite. Categories, grounds, channels and service areas are data an
administrator edits (seeded with the defaults of DOMAIN.md), not enums.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from .querysets import CaseQuerySet
from .states import OPEN_STATES, CaseState


class Nation(models.TextChoices):
    # Codes are the `holidays` package's subdivisions of GB.
    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.TextField(help_text="Return address, one line per line of the letterhead.")
    phone = models.CharField(max_length=40)
    email = models.EmailField()
    website = models.URLField()
    nation = models.CharField(
        max_length=3,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Decides which UK bank holidays are not working days.",
    )
    complaints_team_name = models.CharField(max_length=200, default="Customer Feedback Team")
    ombudsman_name = models.CharField(
        max_length=200, default="Local Government and Social Care Ombudsman"
    )
    ombudsman_address = models.TextField(default="PO Box 4771\nCoventry\nCV4 0EH")
    ombudsman_phone = models.CharField(max_length=40, default="0300 061 0614")
    ombudsman_website = models.URLField(default="https://www.lgo.org.uk")
    housing_ombudsman_name = models.CharField(max_length=200, default="Housing Ombudsman Service")
    housing_ombudsman_address = models.TextField(default="PO Box 1484\nUnit D\nPreston\nPR2 0ET")
    housing_ombudsman_phone = models.CharField(max_length=40, default="0300 111 3000")
    housing_ombudsman_website = models.URLField(default="https://www.housing-ombudsman.org.uk")
    data_protection_email = models.EmailField(
        blank=True,
        help_text="Where people send requests about their data (the data protection officer). "
        "The privacy notice uses the council's email address when blank.",
    )
    # Raised in the same transaction by every change to this council's reference data
    # (feedback.reference): processes keep what they read until it moves.
    reference_version = models.PositiveBigIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["reference_version"])

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Never write back a version read earlier: it could go back to one a process already
        # keeps older values under. Only feedback.reference raises it, with an UPDATE.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "reference_version"
            ]
        super().save(*args, **kwargs)


class ServiceArea(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    email = models.EmailField(blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_services",
        help_text="Told of newly overdue cases.",
    )
    is_landlord_service = models.BooleanField(
        default=False,
        help_text="Complaints about the council as landlord go to the Housing Ombudsman.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_service_slug")
        ]

    def __str__(self) -> str:
        return self.name


class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    COMMENT = "comment", "Comment or suggestion"
    COMPLIMENT = "compliment", "Compliment"


REFERENCE_PREFIXES = {
    FeedbackKind.COMPLAINT: "CMP",
    FeedbackKind.COMMENT: "COM",
    FeedbackKind.COMPLIMENT: "CPL",
}


class Category(models.Model):
    """The "Passport to Improved Service" categories, each offered for some kinds."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    for_complaints = models.BooleanField(default=True)
    for_comments = models.BooleanField(default=True)
    for_compliments = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_category_slug")
        ]

    def __str__(self) -> str:
        return self.name

    # Which flag offers a category for each kind of feedback.
    FLAG_FOR_KIND = {
        FeedbackKind.COMPLAINT: "for_complaints",
        FeedbackKind.COMMENT: "for_comments",
        FeedbackKind.COMPLIMENT: "for_compliments",
    }

    def fits(self, kind: str) -> bool:
        return bool(getattr(self, self.FLAG_FOR_KIND[kind]))


class ComplaintGround(models.Model):
    """Grounds of a formal complaint, for reporting (service failure, poor information, ...)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_ground_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    is_electronic = models.BooleanField(
        default=False,
        help_text="Electronic contact is acknowledged sooner than written contact.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_channel_slug")
        ]

    def __str__(self) -> str:
        return self.name


class PreferredFormat(models.TextChoices):
    STANDARD = "standard", "Standard letter"
    LARGE_PRINT = "large_print", "Large print"
    EMAIL = "email", "Email"
    OTHER_LANGUAGE = "other_language", "Another language"
    BSL = "bsl", "British Sign Language"
    EASY_READ = "easy_read", "Easy read"
    BRAILLE = "braille", "Braille"


class RepresentativeKind(models.TextChoices):
    """Who acts for the customer on a case. The elected members' enquiries are answered to
    both (a copy to the member) and counted apart in the reports."""

    FAMILY = "family", "Family member or friend"
    ADVOCATE = "advocate", "Advocate or support worker"
    COUNCILLOR = "councillor", "Councillor"
    MP = "mp", "MP"
    MS = "ms", "Member of the Senedd (MS)"
    OTHER = "other", "Someone else"


MEMBER_KINDS = (RepresentativeKind.COUNCILLOR, RepresentativeKind.MP, RepresentativeKind.MS)


# Kept at module level: feedback.rows writes a new customer's history row with its own INSERT.
# The history tables are read by a row's id (and its dates) only: no index on the copies of the
# model's other indexed columns, each written with every history row (issue 14).
CUSTOMER_HISTORY = HistoricalRecords(
    no_db_index=["organisation", "email", "possible_match", "contact_restriction_set_by"]
)


class Customer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    preferred_format = models.CharField(
        max_length=20, choices=PreferredFormat.choices, default=PreferredFormat.STANDARD
    )
    preferred_language = models.CharField(max_length=60, blank=True)
    accessibility_needs = models.TextField(blank=True)
    reasonable_adjustments = models.TextField(blank=True)
    adjustments_review_on = models.DateField(null=True, blank=True)
    contact_restriction = models.TextField(
        blank=True,
        help_text="Unreasonable or vexatious contact: the restriction every officer must follow.",
    )
    contact_restriction_review_on = models.DateField(null=True, blank=True)
    contact_restriction_set_at = models.DateTimeField(null=True, blank=True)
    contact_restriction_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    possible_match = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
        # Set when someone who had not proved who they are typed that customer's email
        # address with other details; an officer merges the two or keeps them apart.
        help_text="The customer this may be: unproved input gave their email. An officer decides.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = CUSTOMER_HISTORY

    class Meta:
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="customer_name_idx"),
            # Matching a submission to its customer (email__iexact, whatever the case of the
            # letters): without it each public submission read every customer.
            models.Index(F("organisation"), Upper("email"), name="customer_email_ci_idx"),
        ]
        permissions = [
            ("export_customer_data", "Can export a customer's data (subject access)"),
            ("erase_customer_data", "Can erase a customer's personal data on request"),
            ("rectify_customer_data", "Can correct a customer's details on request"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or f"Customer {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def wants_large_print(self) -> bool:
        return self.preferred_format == PreferredFormat.LARGE_PRINT


class ReferenceCounter(models.Model):
    """The last number handed out for a prefix and year; rows are locked while incremented."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "prefix", "year"], name="unique_reference_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


# Kept at module level so proxies of Case (the lifecycle's) can be given the same history
# receivers: simple-history connects them for `Case` only (feedback.apps).
CASE_HISTORY = HistoricalRecords(
    excluded_fields=["updated_at", "search_vector"],
    # As the customer's: read by the case's id only (see CUSTOMER_HISTORY).
    no_db_index=[
        "organisation",
        "reference",
        "service",
        "category",
        "ground",
        "channel",
        "customer",
        "assigned_to",
        "related_case",
        "created_by",
        "idempotency_key",
    ],
)


class CaseManager(models.Manager.from_queryset(CaseQuerySet)):  # type: ignore[misc]
    """Cases without their search vector (hundreds of bytes a row that only the search's WHERE
    reads); a case saved from such an object leaves the vector to its trigger."""

    def get_queryset(self) -> CaseQuerySet:
        return super().get_queryset().defer("search_vector")


class Case(ConcurrentTransitionMixin, models.Model):
    """One piece of feedback: a complaint, a comment or a compliment.

    `state` (the vocabulary is `feedback.states`) changes only through the transitions of the
    lifecycle wing (`escalation.lifecycle.CaseLifecycle`, a proxy of this model), run by the
    one engine, `feedback.transitions.transition_run`.
    `acknowledge_by` and `respond_by` are the current stage's deadlines, copied from its
    CaseStage so that lists and the dashboard filter on an indexed column.
    """

    # No single-column index of its own where a composite index below starts with the column
    # (organisation, service, category, channel, assigned_to): every query that could use one
    # uses the composite's first column, and each index is written on every new case (issue 14).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, db_index=False)
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=12, choices=FeedbackKind.choices)
    state = FSMField(default=CaseState.RECEIVED, choices=CaseState.choices, protected=True)
    service = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, db_index=False)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    ground = models.ForeignKey(ComplaintGround, null=True, blank=True, on_delete=models.PROTECT)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, db_index=False)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    received_at = models.DateTimeField()
    summary = models.CharField(max_length=200)
    description = models.TextField()
    outcome_wanted = models.TextField(blank=True)
    staff_member_named = models.CharField(
        max_length=200, blank=True, help_text="For a compliment: who the customer praised."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        db_index=False,
    )
    related_case = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_on_cases",
        help_text="For example the service request a complaint was raised from.",
    )
    # The representative acts for the customer on this case only, with the consent recorded:
    # never on the customer's other cases (their progress links go to the customer alone).
    representative_kind = models.CharField(
        max_length=20, choices=RepresentativeKind.choices, blank=True
    )
    representative_name = models.CharField(max_length=200, blank=True)
    representative_relationship = models.CharField(
        max_length=120, blank=True, help_text="For example: daughter, advocate, ward councillor."
    )
    representative_area = models.CharField(
        max_length=120, blank=True, help_text="A member's ward, division or constituency."
    )
    representative_email = models.EmailField(blank=True)
    representative_phone = models.CharField(max_length=40, blank=True)
    representative_address = models.TextField(blank=True)
    representative_consent_on = models.DateField(
        null=True, blank=True, help_text="When the customer consented to the representative."
    )
    resolved_at_first_contact = models.BooleanField(default=False)
    formal_stage = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="The highest formal stage the case has reached (0 for none), set when a stage "
        "opens and never lowered: the reports count formal complaints by it without a join.",
    )
    acknowledge_by = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    overdue_since = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    idempotency_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Set by the submitter (public form, API) so that a repeated submission "
        "returns the case already stored instead of creating a second one.",
    )
    # Retention (feedback.retention): a hold stops the anonymiser; `retain_text` keeps the free
    # text an officer marked as needed; `anonymised_at` says the personal data has gone.
    legal_hold = models.BooleanField(
        default=False, help_text="While set, the retention schedule does not anonymise this case."
    )
    retain_text = models.BooleanField(
        default=False, help_text="The summary and description are needed beyond retention."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Full-text search (feedback.search): kept by PostgreSQL triggers in the same transaction
    # as the change (migration 0015 says what goes in); always NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = CASE_HISTORY
    objects = CaseManager()

    class Meta:
        ordering = ["-received_at"]
        permissions = [
            ("view_all_services", "Can see the cases of every service"),
            ("triage_case", "Can triage and route cases"),
            ("assign_case", "Can assign cases to officers"),
            ("log_contact", "Can log a contact on a customer's behalf"),
            ("investigate_case", "Can investigate and respond to cases"),
            ("review_case", "Can carry out a Stage 2 review"),
            ("manage_policies", "Can manage policies, templates and closure days"),
            ("view_statistics", "Can read complaint statistics"),
            ("restrict_contact", "Can record a contact restriction on a customer"),
        ]
        indexes = [
            models.Index(fields=["state", "received_at"], name="case_state_received_idx"),
            models.Index(fields=["service", "state", "respond_by"], name="case_service_due_idx"),
            models.Index(fields=["assigned_to", "state"], name="case_assignee_state_idx"),
            models.Index(fields=["kind", "state"], name="case_kind_state_idx"),
            models.Index(fields=["respond_by"], name="case_respond_by_idx"),
            models.Index(fields=["received_at"], name="case_received_idx"),
            models.Index(fields=["category"], name="case_category_idx"),
            models.Index(fields=["channel", "received_at"], name="case_channel_idx"),
            # A service officer's default list: their services, newest first.
            models.Index(fields=["service", "received_at"], name="case_service_received_idx"),
            # The reports' case measures read only these columns: on PostgreSQL an index-only
            # scan of one period (INCLUDE is skipped where the database has no covering indexes).
            models.Index(
                fields=["organisation", "received_at"],
                include=[
                    "id",
                    "service",
                    "kind",
                    "channel",
                    "category",
                    "ground",
                    "resolved_at_first_contact",
                    "formal_stage",
                    "representative_kind",
                ],
                name="case_report_received_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_member_enquiry(self) -> bool:
        """A councillor's, MP's or MS's enquiry on the customer's behalf."""
        return self.representative_kind in MEMBER_KINDS

    @property
    def reply_address(self) -> str:
        """Where emails about this case go: the customer, else this case's representative."""
        customer_email = self.customer.email if self.customer_id else ""
        return customer_email or self.representative_email


class CaseEvent(models.Model):
    """The case timeline: who did what, when and why. Written by services, never edited."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        TRANSITION = "transition", "Status changed"
        NOTE = "note", "Internal note"
        ASSIGNED = "assigned", "Assigned"
        CATEGORISED = "categorised", "Categorised"
        ATTACHMENT = "attachment", "Document added"
        EMAIL = "email", "Email sent"
        LETTER = "letter", "Letter"
        DEADLINE = "deadline", "Deadline"
        REMINDER = "reminder", "Reminder"
        CUSTOMER = "customer", "Customer action"
        OMBUDSMAN = "ombudsman", "Ombudsman"
        REPRESENTATIVE = "representative", "Representative"

    # event_case_at_idx starts with the case: no index of its own (issue 14).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=120, blank=True, help_text="Who acted when not an officer: customer, system."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    summary = models.CharField(max_length=255)
    detail = models.TextField(blank=True)
    is_internal = models.BooleanField(
        default=True, help_text="Internal entries are never shown to the customer."
    )
    # The customer chasing an open case (an email quoting the reference, a call logged as
    # chasing): failure demand, counted by service in the reports (seed 003, 4.7).
    is_chaser = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "at"], name="event_case_at_idx"),
            models.Index(
                fields=["at"], condition=models.Q(is_chaser=True), name="event_chaser_at_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label or "System"


class CaseLink(models.Model):
    """Two cases about one matter: the same customer again, the same issue from different
    customers, or a petition of many customers. Stored once, shown on both cases."""

    class Kind(models.TextChoices):
        RELATED = "related", "Related"
        DUPLICATE = "duplicate", "Duplicate"
        PETITION = "petition", "Same petition"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_to")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.RELATED)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            # One link per pair, in either direction (the service orders the pair by pk).
            models.UniqueConstraint(fields=["case", "other"], name="unique_case_link"),
            models.CheckConstraint(
                condition=models.Q(case__lt=models.F("other")), name="case_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.other_id}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is not the uploaded one: uploaded names can carry personal data or paths.
    case = instance.case
    return f"attachments/{case.organisation_id}/{case.reference}/{instance.sha256[:16]}"


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", "Not scanned"
    PENDING = "pending", "Waiting for a virus scan"
    CLEAN = "clean", "Scanned: no virus found"
    INFECTED = "infected", "Withheld: a virus was found"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Upload quarantine (feedback.quarantine): with a virus scanner, a file is served only once
    # it has been found clean. Without one (or from before it), it is "not scanned".
    scan_status = models.CharField(
        max_length=12, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_result = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def servable(self) -> bool:
        return self.scan_status in (ScanStatus.CLEAN, ScanStatus.NOT_SCANNED)


class OfficerProfile(models.Model):
    """What an officer needs beyond the login: services, and the contact details letters show."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    services = models.ManyToManyField(ServiceArea, blank=True, related_name="officers")
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Notification(models.Model):
    """An email in the outbox. Written in the same transaction as the change that causes it;
    a task sends it after commit and a periodic sweep retries what is still pending. The unique
    `key` (e.g. "ack:CMP-2026-00042") makes queuing the same message twice a no-op. A sending
    attempt holds a lease (`lease_until`) instead of a row lock (feedback.notifications)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    key = models.CharField(max_length=200, unique=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    attachment_name = models.CharField(max_length=120, blank=True)
    attachment_content = models.BinaryField(null=True, blank=True)
    attachment_mimetype = models.CharField(max_length=80, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The running attempt: a worker that dies leaves the lease to expire, then the sweep retries.
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key


class InboundEmail(models.Model):
    """One message read from the intake mailbox. The unique key (its Message-ID together with a
    digest of its content, or the digest alone when it has no ID) is written in the same
    transaction as the case, so a message is turned into a case once however often, or however
    concurrently, the job runs. The same message read again counts on this row (`duplicates`);
    a different message that reuses an earlier Message-ID is stored as its own and points at
    the earlier one (`reuses_message_id_of`): nothing that arrives vanishes without a trace."""

    class Outcome(models.TextChoices):
        CREATED = "created", "New case"
        ADDED = "added", "Added to an existing case"
        FAILED = "failed", "Could not be read"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    message_key = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=255, help_text="File name or IMAP folder and UID.")
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )
    detail = models.TextField(blank=True, help_text="Why it failed, or what was not accepted.")
    processed_at = models.DateTimeField()
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    reuses_message_id_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reused_by",
        help_text="An earlier, different message with the same Message-ID.",
    )
    duplicates = models.PositiveIntegerField(
        default=0, help_text="How often the same message was read again (and not stored again)."
    )
    duplicate_last_at = models.DateTimeField(null=True, blank=True)
    duplicate_last_source = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["outcome", "processed_at"], name="inbound_outcome_idx")]

    def __str__(self) -> str:
        return self.message_key


from .models_access import AccessLogEntry, ProgressLink  # noqa: E402,F401  (registers them)
from .models_privacy import RetentionRule, SubjectAccessExport  # noqa: E402,F401
from .models_views import SavedCaseView  # noqa: E402,F401

"""Letters: templates an administrator edits, and the letters made from them.

A sent letter is immutable: its PDF bytes are stored with their SHA-256, and a re-send sends the
same bytes. Editing after sending makes a new letter.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from feedback.models import Case, Organisation, ServiceArea
from feedback.transitions import any_perm, condition, step


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    HOLDING = "holding", "Holding letter (deadline extended)"
    STAGE1_RESPONSE = "stage1_response", "Stage 1 response"
    STAGE2_RESPONSE = "stage2_response", "Stage 2 response"
    OMBUDSMAN_SIGNPOST = "ombudsman_signpost", "Ombudsman signposting"
    NOT_ACCEPTED = "not_accepted", "Not accepted as a complaint"
    FORWARDED = "forwarded", "Forwarded to another organisation"
    COMMENT_ACKNOWLEDGEMENT = "comment_ack", "Comment acknowledgement"
    COMPLIMENT_THANKS = "compliment_thanks", "Compliment thank-you"
    COMPLIMENT_MANAGER_NOTE = "compliment_manager", "Compliment: note to the staff member's manager"


RESPONSE_KINDS = {1: LetterKind.STAGE1_RESPONSE, 2: LetterKind.STAGE2_RESPONSE}

WRITE_PERMISSION = "feedback.investigate_case"
APPROVE_PERMISSION = "letters.approve_letter"


class ApprovalRule(models.Model):
    """Response letters of `service` (of every service when `service` is empty) wait for a
    manager's approval before they are sent. No rule: the officer sends them directly."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    service = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.CASCADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service"], name="unique_approval_rule_service"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(service__isnull=True),
                name="unique_approval_rule_council",
            ),
        ]

    def __str__(self) -> str:
        return f"Approval of response letters: {self.service or 'every service'}"


class LetterTemplate(models.Model):
    """One version of the wording of one kind of letter. Saving a change makes a new version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    version = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text with merge fields such as {{ case.reference }}.")
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"], name="unique_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


def letter_pdf_path(instance: "Letter", filename: str) -> str:
    # Named by the letter and its hash, never by anything the customer typed.
    return f"letters/{instance.organisation_id}/{instance.case.reference}/{filename}"


def approval_needed(letter: "Letter") -> bool:
    """Whether a rule makes this letter wait for a manager (response letters only)."""
    if letter.kind not in RESPONSE_KINDS.values():
        return False
    return ApprovalRule.objects.filter(
        Q(service__isnull=True) | Q(service_id=letter.case.service_id),
        organisation_id=letter.organisation_id,
    ).exists()


def drafted_by(letter: "Letter", user) -> bool:
    """The officer who wrote the letter, or asked for its approval, never approves it."""
    return user.pk is not None and user.pk in (letter.created_by_id, letter.submitted_by_id)


def approver(letter: "Letter", user) -> bool:
    return any_perm(APPROVE_PERMISSION)(letter, user) and not drafted_by(letter, user)


@condition("This letter does not need a manager's approval: send it.")
def needs_approval(letter: "Letter") -> bool:
    return approval_needed(letter)


@condition("Preview the PDF first: the manager approves exactly what will be sent.")
def previewed(letter: "Letter") -> bool:
    return letter.render_state == "ready"


@condition("A manager must approve this letter before it is sent.")
def approved_if_needed(letter: "Letter") -> bool:
    if not approval_needed(letter):
        return True
    return (
        letter.status == Letter.Status.APPROVED
        and letter.approved_digest == letter.wording_digest()
    )


def approval_asked(letter: "Letter", *, actor, data, now, reason) -> None:
    letter.submitted_by, letter.submitted_at = actor, now
    letter.approved_digest = ""


def approval_given(letter: "Letter", *, actor, data, now, reason) -> None:
    letter.reviewed_by, letter.reviewed_at, letter.review_comments = actor, now, reason
    letter.approved_digest = letter.wording_digest()


def approval_refused(letter: "Letter", *, actor, data, now, reason) -> None:
    letter.reviewed_by, letter.reviewed_at, letter.review_comments = actor, now, reason
    letter.approved_digest = ""


def approval_cleared(letter: "Letter", *, actor, data, now, reason) -> None:
    # The approval (or the request for it) was of the old wording; the timeline keeps it.
    letter.approved_digest = ""
    letter.submitted_at = None
    letter.reviewed_by, letter.reviewed_at, letter.review_comments = None, None, ""


class Letter(models.Model):
    """One letter to one case. A draft is edited and previewed (rendered by a Celery task into
    `pdf`); sending freezes exactly the previewed bytes. A sent letter is never changed: editing
    it makes a new draft that `replaces` it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"

    class Delivery(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    large_print = models.BooleanField(default=False)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    # Changed only through the transitions below, run by feedback.transitions.transition_run
    # (letters.lifecycle.letter_transition).
    status = FSMField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Rendering: each preview request bumps `render_generation`; the task stores its PDF only
    # if no newer request came in, so a slow old render never overwrites a newer preview.
    render_generation = models.PositiveIntegerField(default=0)
    rendered_generation = models.PositiveIntegerField(default=0)
    render_error = models.TextField(blank=True)
    # When the newest render was asked for (or last handed to the broker again): the render
    # sweep (letters.render_queue) re-queues a render still missing after the grace period.
    render_requested_at = models.DateTimeField(null=True, blank=True)
    document_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of everything the PDF shows (see document)."
    )
    letter_date = models.DateField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    pdf = models.FileField(upload_to=letter_pdf_path, blank=True, max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # Approval (when an ApprovalRule covers the letter): who asked, who decided, what they said.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comments = models.TextField(blank=True)
    approved_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the wording the manager approved."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["case", "kind", "status"], name="letter_case_kind_idx"),
            models.Index(fields=["status", "submitted_at"], name="letter_status_submitted_idx"),
        ]
        permissions = [("approve_letter", "Can approve response letters before they are sent")]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()}"

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.AWAITING_APPROVAL

    @property
    def returned_comments(self) -> str:
        """A manager's comments on a draft they returned, for the drafting officer."""
        if self.status == self.Status.DRAFT and self.reviewed_at and not self.approved_digest:
            return self.review_comments
        return ""

    @property
    def render_state(self) -> str:
        """ "idle" (never previewed), "pending", "failed" or "ready"."""
        if self.render_generation > self.rendered_generation:
            return "failed" if self.render_error else "pending"
        return "ready" if self.pdf else "idle"

    def wording_digest(self) -> str:
        """What a manager approves: the exact heading, wording and print size."""
        text = f"{self.subject}\n{self.large_print}\n{self.body}"
        return hashlib.sha256(text.encode()).hexdigest()

    # The lifecycle: draft -> (awaiting approval -> approved ->) sent. Run only through
    # letters.lifecycle.letter_transition; `now` is the time of the action.

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.AWAITING_APPROVAL,
        permission=WRITE_PERMISSION,
        conditions=[needs_approval, previewed],
        custom=step(
            label="Ask a manager to approve it",
            description="A manager checks the letter before it goes; the deadline keeps running.",
            summary="sent to a manager for approval",
            reason_label="Note for the manager",
            internal=True,
            apply=approval_asked,
        ),
    )
    def submit_for_approval(self, now):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.APPROVED,
        permission=approver,
        conditions=[previewed],
        custom=step(
            label="Approve the letter",
            description="The letter may be sent exactly as it is.",
            summary="approved",
            reason_label="Comments",
            internal=True,
            apply=approval_given,
        ),
    )
    def approve(self, now):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.DRAFT,
        permission=approver,
        custom=step(
            label="Return it with comments",
            description="The drafting officer changes the letter and asks again.",
            summary="returned with comments",
            reason_label="Comments",
            reason_required=True,
            internal=True,
            button_class="govuk-button--warning",
            apply=approval_refused,
        ),
    )
    def return_with_comments(self, now):
        pass

    @transition(
        field=status,
        source=[Status.AWAITING_APPROVAL, Status.APPROVED],
        target=Status.DRAFT,
        permission=WRITE_PERMISSION,
        custom=step(
            label="Edit the letter",
            summary="edited, so it needs approval again",
            internal=True,
            officer=False,
            apply=approval_cleared,
        ),
    )
    def reopen(self, now):
        pass

    @transition(
        field=status,
        source=[Status.DRAFT, Status.APPROVED],
        target=Status.SENT,
        permission=WRITE_PERMISSION,
        conditions=[approved_if_needed],
        custom=step(label="Send the letter", summary="sent", officer=False),
    )
    def send(self, now):
        self.sent_at = now


class LetterDelivery(models.Model):
    """One dispatch of a sent letter's bytes: the first send, or a re-send. Email goes through
    the outbox (its Notification carries the retries and the failure); post goes into the print
    batch of `on_date`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    method = models.CharField(max_length=10, choices=Letter.Delivery.choices)
    to = models.EmailField(blank=True)
    notification = models.ForeignKey(
        "feedback.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveSmallIntegerField(help_text="1 for the first send, 2+ for re-sends.")
    on_date = models.DateField(help_text="The print batch a postal letter belongs to.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["letter", "number"]
        verbose_name_plural = "letter deliveries"
        constraints = [
            # A double click or a retried task cannot dispatch the same send twice.
            models.UniqueConstraint(fields=["letter", "number"], name="unique_letter_delivery")
        ]
        indexes = [
            models.Index(fields=["organisation", "method", "on_date"], name="delivery_batch_idx")
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.method} #{self.number}"

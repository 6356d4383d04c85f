"""Letters: templates an administrator edits, and the letters made from them.

A sent letter is immutable: its PDF bytes are stored with their SHA-256, and a re-send sends the
same bytes. Editing after sending makes a new letter.
"""

from django.conf import settings
from django.db import models

from feedback.models import Case, Organisation


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


class Letter(models.Model):
    """One letter to one case. A draft is edited and previewed (rendered by a Celery task into
    `pdf`); sending freezes exactly the previewed bytes. A sent letter is never changed: editing
    it makes a new draft that `replaces` it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
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
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
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

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "kind", "status"], name="letter_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()}"

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def render_state(self) -> str:
        """ "idle" (never previewed), "pending", "failed" or "ready"."""
        if self.render_generation > self.rendered_generation:
            return "failed" if self.render_error else "pending"
        return "ready" if self.pdf else "idle"


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

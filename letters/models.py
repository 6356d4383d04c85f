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


class Letter(models.Model):
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
    body = models.TextField()
    large_print = models.BooleanField(default=False)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    pdf = models.FileField(upload_to="letters/", blank=True, max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "kind", "status"], name="letter_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()}"

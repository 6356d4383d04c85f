"""Satisfaction surveys: one invitation per case and stage, answered at most once, with no
account. The answers stay as statistics; the free-text comment is personal data and goes with
the case's other personal data (`surveys.services.survey_comments_erase`)."""

from django.db import models

from feedback.models import Case, Organisation


class Score(models.IntegerChoices):
    """A 5-point scale, 1 the best; 0 is "prefer not to say" (answered, but not counted in a
    percentage)."""

    BEST = 1
    GOOD = 2
    NEITHER = 3
    POOR = 4
    WORST = 5
    PREFER_NOT = 0


SATISFIED_SCORES = (Score.BEST, Score.GOOD)
RATED_SCORES = (Score.BEST, Score.GOOD, Score.NEITHER, Score.POOR, Score.WORST)


class SurveySettings(models.Model):
    """A council's choices about surveys (Django admin: Surveys › Survey settings)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="survey_settings"
    )
    after_each_response = models.BooleanField(
        default=False,
        help_text="Also email the survey after each formal (Stage 1 and Stage 2) response, "
        "not only when the case closes.",
    )
    link_valid_days = models.PositiveSmallIntegerField(
        default=60, help_text="How long a survey link works after it was sent."
    )

    class Meta:
        verbose_name_plural = "survey settings"

    def __str__(self) -> str:
        return f"Survey settings of {self.organisation}"


class SurveyInvitation(models.Model):
    """The customer's one chance to answer about `stage` of `case` (0: a case that never reached
    a formal stage). Closing a case after its Stage 1 answer asks about Stage 1 again: the same
    invitation, so one answer whichever email they follow."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="survey_invitations")
    stage = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.PositiveSmallIntegerField(null=True, blank=True, choices=Score.choices)
    handling = models.PositiveSmallIntegerField(null=True, blank=True, choices=Score.choices)
    ease_of_contact = models.PositiveSmallIntegerField(null=True, blank=True, choices=Score.choices)
    time_taken = models.PositiveSmallIntegerField(null=True, blank=True, choices=Score.choices)
    comment = models.TextField(blank=True)
    comment_erased_at = models.DateTimeField(null=True, blank=True)
    # How the answer came: the email link, or a paper form an officer typed in.
    on_paper = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="one_survey_per_case_stage")
        ]
        indexes = [
            models.Index(fields=["organisation", "sent_at"], name="survey_report_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"Survey for {self.case_id} stage {self.stage}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

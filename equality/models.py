"""Equality monitoring answers: a table of their own, apart from the case. The link to the case
exists for two things only: deleting the answers with the case's personal data (retention,
erasure) and counting them against the case's kind, service and outcome in aggregate reports.
No officer page follows it (`related_name="+"`: a case has no attribute leading here), the
admin does not show the rows, and there is no permission to view them, only one to read the
aggregate reports (`equality.report_equality`)."""

from django.db import models

from feedback.models import Case, Organisation

from .characteristics import BY_FIELD


def _answer(field: str) -> models.CharField:
    return models.CharField(max_length=30, choices=BY_FIELD[field].choices)


class AnsweredThrough(models.TextChoices):
    WEB = "web", "The public form"
    LINK = "link", "A link an officer gave"
    OFFICER = "officer", "An officer with the customer"


class EqualityAnswers(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+")
    answered_through = models.CharField(max_length=10, choices=AnsweredThrough.choices)
    answered_at = models.DateTimeField()
    age_group = _answer("age_group")
    disability = _answer("disability")
    gender_reassignment = _answer("gender_reassignment")
    marriage = _answer("marriage")
    pregnancy = _answer("pregnancy")
    ethnic_group = _answer("ethnic_group")
    religion = _answer("religion")
    sex = _answer("sex")
    sexual_orientation = _answer("sexual_orientation")

    class Meta:
        verbose_name = "equality monitoring answers"
        verbose_name_plural = "equality monitoring answers"
        # No add/change/delete/view: nobody reads or edits the rows, reports only count them.
        default_permissions = ()
        permissions = [("report_equality", "Can read equality monitoring reports (aggregate)")]

    def __str__(self) -> str:
        return f"Equality monitoring answers {self.pk}"

"""The one home of the Ombudsman deadline rule: a deadline has passed when its date is before
`today`. A case is overdue when its `next_due` (the earliest deadline still running, kept by
the services) has passed; a remedy is overdue when it is not complied with and its due date
has passed. `today` is passed in: callers read `feedback.clock` once."""

from datetime import date

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q


def passed_q(today: date, due: str) -> Q:
    """The deadline in the date column `due` has passed."""
    return Q(**{f"{due}__lt": today})


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


class OmbudsmanCaseQuerySet(models.QuerySet):
    def overdue(self, today: date) -> "OmbudsmanCaseQuerySet":
        return self.filter(passed_q(today, "next_due"))

    def with_deadline_flags(self, today: date) -> "OmbudsmanCaseQuerySet":
        return self.annotate(is_overdue=_flag(passed_q(today, "next_due")))


def _remedy_overdue_q(today: date) -> Q:
    return Q(complied_on__isnull=True) & passed_q(today, "due_on")


class RemedyQuerySet(models.QuerySet):
    def overdue(self, today: date) -> "RemedyQuerySet":
        return self.filter(_remedy_overdue_q(today))

    def with_deadline_flags(self, today: date) -> "RemedyQuerySet":
        return self.annotate(is_overdue=_flag(_remedy_overdue_q(today)))

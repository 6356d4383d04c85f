"""The one home of the deadline rules of a case: overdue and due soon.

A case is overdue when it is open and its response date is before `today`; it is due soon
when it is open and its response date falls between `today` and `until` (both included).
`today` is passed in (callers read `feedback.clock` once); `until` is a working-day cut-off
that the caller computes with escalation's calendar, which the core does not import.
"""

from datetime import date

from django.db import models
from django.db.models import Q

from .states import OPEN_STATES


def overdue_q(today: date, *, prefix: str = "") -> Q:
    """Overdue, as a condition; `prefix` ("case__") reads it across a relation."""
    return Q(**{f"{prefix}state__in": OPEN_STATES, f"{prefix}respond_by__lt": today})


def is_overdue_on(state: str, respond_by: date | None, today: date) -> bool:
    """`overdue_q` for one case's values already read (the officer list's rows): open, and its
    response date before `today`."""
    return respond_by is not None and respond_by < today and state in OPEN_STATES


def due_soon_q(today: date, until: date, *, prefix: str = "") -> Q:
    """Due from `today` to `until`, both included, and still open."""
    return Q(
        **{
            f"{prefix}state__in": OPEN_STATES,
            f"{prefix}respond_by__gte": today,
            f"{prefix}respond_by__lte": until,
        }
    )


def _flag(condition: Q) -> models.Case:
    # False, never NULL, for a case with no response date.
    return models.Case(
        models.When(condition, then=True), default=False, output_field=models.BooleanField()
    )


class CaseQuerySet(models.QuerySet):
    def overdue(self, today: date) -> "CaseQuerySet":
        return self.filter(overdue_q(today))

    def due_soon(self, today: date, until: date) -> "CaseQuerySet":
        return self.filter(due_soon_q(today, until))

    def with_deadline_flags(self, today: date, soon_until: date | None = None) -> "CaseQuerySet":
        """Adds `is_overdue` and, given `soon_until`, `is_due_soon`, for lists and pages."""
        flags = {"is_overdue": _flag(overdue_q(today))}
        if soon_until is not None:
            flags["is_due_soon"] = _flag(due_soon_q(today, soon_until))
        return self.annotate(**flags)

    def is_overdue(self, case, today: date) -> bool:
        """One case already loaded (a case page): the same rule, asked of the database."""
        return self.filter(pk=case.pk).overdue(today).exists()

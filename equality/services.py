"""Writes: record a customer's answers, erase them with the case's personal data. Recording
leaves no timeline entry on purpose: the case's timeline is read by officers, and whether or
how a customer answered must not show next to their case."""

from datetime import datetime
from typing import Any

from django.db import transaction

from feedback import clock
from feedback.models import Case

from .characteristics import FIELDS
from .models import EqualityAnswers


@transaction.atomic
def equality_answers_record(
    *, case: Case, answers: dict[str, Any], answered_through: str, now: datetime | None = None
) -> EqualityAnswers:
    """One set of answers per case; answering again (the customer changed their mind, or an
    officer filled it in with them) replaces the earlier answers."""
    record, _created = EqualityAnswers.objects.update_or_create(
        case=case,
        defaults={
            "organisation_id": case.organisation_id,
            "answered_through": answered_through,
            "answered_at": now or clock.now(),
            **{field: answers[field] for field in FIELDS},
        },
    )
    return record


def equality_answers_erase(*, case: Case, now: datetime) -> int:
    """The retention hook (feedback.hooks.personal_data_erase): the answers are special category
    personal data, so they go with the rest of the case's personal data."""
    deleted, _by_model = EqualityAnswers.objects.filter(case=case).delete()
    return deleted

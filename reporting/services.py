"""Writes of the reporting app: only the introductions the complaints manager writes."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from feedback.models import Organisation

from .models import ReportIntroduction
from .periods import Period


@transaction.atomic
def report_introduction_save(
    *,
    organisation: Organisation,
    report_kind: str,
    period: Period,
    text: str,
    updated_by: AbstractBaseUser | None,
) -> ReportIntroduction:
    """Create or replace the introduction of one report (kind and period)."""
    introduction, _ = ReportIntroduction.objects.update_or_create(
        organisation=organisation,
        report_kind=report_kind,
        period_start=period.start,
        period_end=period.end,
        defaults={"text": text.strip(), "updated_by": updated_by},
    )
    return introduction

"""Reads for aggregate reports only: grouped counts, never rows. Nothing here returns a case
with its answers; `reporting.equality` turns the counts into suppressed tables."""

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Subquery

from dbreads.grouped import Grouped
from escalation.models import CaseStage
from feedback.models import Case, Organisation

from .characteristics import FIELDS
from .models import EqualityAnswers


def final_outcome(case_column: str = "case_id") -> Subquery:
    """The outcome of the complaint's last answered formal stage (Stage 2 over Stage 1): what
    the council finally decided. None when no stage has an outcome yet."""
    return Subquery(
        CaseStage.objects.filter(case=OuterRef(case_column), responded_at__isnull=False)
        .exclude(outcome="")
        .order_by("-stage")
        .values("outcome")[:1]
    )


# A report's page asks for these on every request; their SQL is compiled once (per council and
# characteristic) and sent with the period's dates.
_ANSWERS = Grouped(EqualityAnswers)
_UNANSWERED = Grouped(Case)


def answer_counts(
    *, organisation: Organisation, start: datetime, end: datetime, field: str
) -> list[dict]:
    """For one characteristic, the number of answered questionnaires of feedback received in
    [start, end) by (answer, kind, service, final outcome): one grouped query."""
    if field not in FIELDS:
        raise ValueError(field)

    def counts(start: datetime, end: datetime):
        return (
            EqualityAnswers.objects.filter(
                organisation=organisation, case__received_at__gte=start, case__received_at__lt=end
            )
            .values(
                answer=F(field),
                kind=F("case__kind"),
                service_id=F("case__service_id"),
                outcome=final_outcome(),
            )
            .annotate(n=Count("id"))
            .order_by()
        )

    return _ANSWERS.values((organisation.pk, field), counts, start, end)


def unanswered_counts(*, organisation: Organisation, start: datetime, end: datetime) -> list[dict]:
    """Feedback received in [start, end) with no questionnaire answered, by (kind, service,
    final outcome): one grouped query."""

    def counts(start: datetime, end: datetime):
        answered = EqualityAnswers.objects.filter(case=OuterRef("pk"))
        return (
            Case.objects.filter(
                organisation=organisation, received_at__gte=start, received_at__lt=end
            )
            .exclude(Exists(answered))
            .values("kind", "service_id", outcome=final_outcome("pk"))
            .annotate(n=Count("id"))
            .order_by()
        )

    return _UNANSWERED.values(organisation.pk, counts, start, end)

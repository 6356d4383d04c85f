"""Reads for aggregate reports only: grouped counts, never rows. Nothing here returns a case
with its answers; `reporting.equality` turns the counts into suppressed tables."""

from collections import Counter
from datetime import datetime
from operator import itemgetter

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Subquery, When

from dbreads.grouped import Grouped
from escalation.models import CaseStage
from feedback.models import Case, FeedbackKind, Organisation

from .characteristics import FIELDS
from .models import EqualityAnswers


def final_outcome() -> Subquery:
    """The outcome of the complaint's last answered formal stage (Stage 2 over Stage 1): what
    the council finally decided. None when no stage has an outcome yet."""
    return Subquery(
        CaseStage.objects.filter(case=OuterRef("case_id"), responded_at__isnull=False)
        .exclude(outcome="")
        .order_by("-stage")
        .values("outcome")[:1]
    )


# A report's page asks for these on every request; their SQL is compiled once (per council) and
# sent with the period's dates.
_ANSWERS = Grouped(EqualityAnswers)
_UNANSWERED = Grouped(Case)


def answer_counts(
    *, organisation: Organisation, start: datetime, end: datetime
) -> dict[str, list[dict]]:
    """For each characteristic (by field), the number of answered questionnaires of feedback
    received in [start, end) by (answer, kind, service, final outcome). One grouped query for
    all nine, grouped by every answer at once, added up here per characteristic: nine
    queries, one per characteristic, looked up each complaint's final outcome nine times (a
    visit to the case's stages for every answer) and read the same answers nine times. Only a
    complaint has its final outcome looked up (the outcome tables are of complaints; a
    compliment's or a comment's rows have None)."""

    def counts(start: datetime, end: datetime):
        return (
            EqualityAnswers.objects.filter(
                organisation=organisation, case__received_at__gte=start, case__received_at__lt=end
            )
            .values(
                *FIELDS,
                kind=F("case__kind"),
                service_id=F("case__service_id"),
                outcome=models.Case(
                    When(case__kind=FeedbackKind.COMPLAINT, then=final_outcome()), default=None
                ),
            )
            .annotate(n=Count("id"))
            .order_by()
        )

    rows = _ANSWERS.values(organisation.pk, counts, start, end)
    # The rows are nearly one per questionnaire (nine answers together seldom repeat), and each
    # counts in all nine characteristics: Counter and zip count them column by column (loops in
    # C, a third of the instructions of a Python loop over rows and fields), then the few rows
    # standing for more than one questionnaire add the rest.
    kinds, services, outcomes = (
        list(map(itemgetter(name), rows)) for name in ("kind", "service_id", "outcome")
    )
    repeated = [(index, row["n"] - 1) for index, row in enumerate(rows) if row["n"] > 1]
    by_field = {}
    for field in FIELDS:
        keys = list(zip(map(itemgetter(field), rows), kinds, services, outcomes, strict=True))
        totals = Counter(keys)
        for index, more in repeated:
            totals[keys[index]] += more
        by_field[field] = [
            {"answer": answer, "kind": kind, "service_id": service_id, "outcome": outcome, "n": n}
            for (answer, kind, service_id, outcome), n in totals.items()
        ]
    return by_field


def unanswered_counts(*, organisation: Organisation, start: datetime, end: datetime) -> list[dict]:
    """Feedback received in [start, end) with no questionnaire answered, by kind: one grouped
    query. The reports show these only as the "did not answer" row of each characteristic's
    table of who gave feedback (by kind) and as their total, so they are not grouped by service
    or outcome: the final outcome was a look-up of every such case's stages (at 100,000 cases,
    10,000 look-ups and most of the equality section's database time) for a column nobody read.
    """

    def counts(start: datetime, end: datetime):
        answered = EqualityAnswers.objects.filter(case=OuterRef("pk"))
        return (
            Case.objects.filter(
                organisation=organisation, received_at__gte=start, received_at__lt=end
            )
            .exclude(Exists(answered))
            .values("kind")
            .annotate(n=Count("id"))
            .order_by()
        )

    return _UNANSWERED.values(organisation.pk, counts, start, end)

"""What happened to the generated cases beyond their stages, so the reports' benchmark counts
every measure on realistic data: a triage record for each triaged case (refusals with their
reasons), extensions, lessons learned and remedies with compensation.

Each step is a set-based statement over what is still missing (NOT EXISTS, or a NULL or empty
column), run over ranges of ids so no transaction holds a million rows; running it twice adds
nothing. The spread comes from the row ids (id % n), not from Python's random, so nothing
makes a round trip per row. The SQL runs on SQLite and PostgreSQL alike (with parameters, both
backends read `%%` as the modulo operator).
"""

from collections.abc import Iterator
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import DateField, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast

from escalation.models import CaseStage, Outcome, RefusalReason, Remedy, TriageOutcome
from feedback.models import Case, Organisation

ANSWERED_WITH_FAULT = [Outcome.UPHELD, Outcome.PARTLY_UPHELD]
COMPENSATION_AMOUNTS = [25, 50, 75, 100, 150, 250, 400, 1000]
EXTENSION_DAYS = 14
ID_RANGE = 50_000

TRIAGE_OUTCOME_SQL = f"""
    CASE
        WHEN c.state = 'not_accepted' THEN '{TriageOutcome.NOT_ACCEPTED}'
        WHEN c.state = 'forwarded' THEN '{TriageOutcome.FORWARDED}'
        WHEN c.kind <> 'complaint' AND c.state = 'passed_to_service'
            THEN '{TriageOutcome.PASSED_TO_SERVICE}'
        WHEN c.kind <> 'complaint' THEN '{TriageOutcome.ACKNOWLEDGED}'
        WHEN c.resolved_at_first_contact THEN '{TriageOutcome.RESOLVED_AT_FIRST_CONTACT}'
        WHEN c.state IN ('service_request', 'service_request_resolved')
            THEN '{TriageOutcome.SERVICE_REQUEST}'
        ELSE '{TriageOutcome.COMPLAINT}'
    END
"""


def outcomes_generate(*, organisation: Organisation) -> None:
    reasons = list(
        RefusalReason.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for low, high in _id_ranges(Case.objects.filter(organisation=organisation)):
        _triage_insert(organisation, reasons, low, high)
    answered = CaseStage.objects.filter(organisation=organisation, responded_at__isnull=False)
    for low, high in _id_ranges(answered):
        in_range = answered.filter(id__gte=low, id__lt=high)
        with transaction.atomic():
            _extensions(in_range)
            in_range.filter(outcome__in=ANSWERED_WITH_FAULT, lessons_learned="").alias(
                bucket=F("id") % 5
            ).filter(bucket=0).update(
                lessons_learned="Reminded the team of the process; guidance updated."
            )
            _remedies_insert(organisation, low, high)
            _payments(organisation, low, high)


def _payments(organisation: Organisation, low: int, high: int) -> None:
    """Five payments in six paid in full a week after the response (the reports count what
    was paid, by the date paid); the sixth still unpaid."""
    responded = CaseStage.objects.filter(pk=OuterRef("case_stage_id")).values("responded_at")
    Remedy.objects.filter(
        organisation=organisation,
        kind=Remedy.Kind.FINANCIAL,
        case_stage_id__gte=low,
        case_stage_id__lt=high,
        paid_on__isnull=True,
    ).alias(bucket=F("id") % 6).exclude(bucket=0).update(
        amount_paid=F("amount"),
        paid_on=Subquery(
            responded.annotate(
                paid=Cast(F("responded_at") + timedelta(days=7), DateField())
            ).values("paid")
        ),
    )


def _id_ranges(queryset: QuerySet) -> Iterator[tuple[int, int]]:
    bounds = queryset.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return
    for low in range(bounds["low"], bounds["high"] + 1, ID_RANGE):
        yield low, low + ID_RANGE


def _spread(column: str, values: list) -> str:
    """SQL choosing one of `values` by `column` modulo their number."""
    if not values:
        return "NULL"
    arms = " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    return f"CASE {column} %% {len(values)} {arms} END"


def _triage_insert(organisation: Organisation, reasons: list[int], low: int, high: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO escalation_casetriage
                (organisation_id, case_id, outcome, refusal_reason_id, forwarded_to, decided_at)
            SELECT c.organisation_id, c.id, {TRIAGE_OUTCOME_SQL},
                CASE WHEN c.state = 'not_accepted' THEN {_spread("c.id", reasons)} END,
                CASE WHEN c.state = 'forwarded' THEN 'Another council' ELSE '' END,
                COALESCE(c.acknowledged_at, c.received_at)
            FROM feedback_case c
            WHERE c.organisation_id = %s AND c.id >= %s AND c.id < %s
              AND c.state <> 'received'
              AND NOT EXISTS (SELECT 1 FROM escalation_casetriage t WHERE t.case_id = c.id)
            """,  # noqa: S608 (no user input: every piece is a constant or an integer)
            [organisation.pk, low, high],
        )


def _extensions(answered: QuerySet) -> None:
    """One answered stage in twelve had its deadline extended by two weeks, and whether it was
    answered in time is judged against the extended deadline, as the lifecycle does."""
    extended_due = F("response_due_original") + timedelta(days=EXTENSION_DAYS)
    answered.alias(bucket=F("id") % 12).filter(bucket=0, extended_at__isnull=True).update(
        extended_at=F("opened_at") + timedelta(days=8),
        response_due=extended_due,
        extension_reason="The investigation needed a site visit.",
        response_met=CaseWhen(
            When(Q(responded_at__date__lte=extended_due), then=Value(True)),
            default=Value(False),
        ),
    )


def _remedies_insert(organisation: Organisation, low: int, high: int) -> None:
    """An apology or a payment (one in four answers that found fault) for time and trouble."""
    amounts = [str(a) for a in COMPENSATION_AMOUNTS]
    faults = ", ".join(f"'{o}'" for o in ANSWERED_WITH_FAULT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO escalation_remedy
                (organisation_id, case_stage_id, kind, description, amount)
            SELECT s.organisation_id, s.id,
                CASE WHEN s.id %% 4 = 0 THEN '{Remedy.Kind.FINANCIAL}'
                     ELSE '{Remedy.Kind.APOLOGY}' END,
                CASE WHEN s.id %% 4 = 0 THEN 'A payment for time and trouble'
                     ELSE 'An apology' END,
                CASE WHEN s.id %% 4 = 0 THEN {_spread("(s.id / 4)", amounts)} END
            FROM escalation_casestage s
            WHERE s.organisation_id = %s AND s.id >= %s AND s.id < %s
              AND s.outcome IN ({faults}) AND s.id %% 4 IN (0, 1)
              AND NOT EXISTS (SELECT 1 FROM escalation_remedy r WHERE r.case_stage_id = s.id)
            """,  # noqa: S608 (no user input: every piece is a constant or an integer)
            [organisation.pk, low, high],
        )


__all__ = ["outcomes_generate"]

"""What happened to the generated cases beyond their stages, so the reports' benchmark counts
every measure on realistic data: a triage record for each triaged case (refusals with their
reasons), extensions, lessons learned and remedies with compensation.

Each step is one set-based statement over what is still missing (NOT EXISTS, or a NULL or
empty column), so it runs in seconds at a million cases and running it twice adds nothing. The
spread comes from the row ids (id % n), not from Python's random, so the statements need no
round trip per row; SQL written to run on SQLite and PostgreSQL alike.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Case as CaseWhen
from django.db.models import F, Q, Value, When

from escalation.models import CaseStage, Outcome, RefusalReason, Remedy, TriageOutcome
from feedback.models import Organisation

ANSWERED_WITH_FAULT = [Outcome.UPHELD, Outcome.PARTLY_UPHELD]
COMPENSATION_AMOUNTS = [25, 50, 75, 100, 150, 250, 400, 1000]

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


def _spread(column: str, values: list) -> str:
    """SQL choosing one of `values` by `column` modulo their number."""
    if not values:
        return "NULL"
    arms = " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    return f"CASE {column} % {len(values)} {arms} END"


def outcomes_generate(*, organisation: Organisation) -> None:
    reasons = list(
        RefusalReason.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
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
            WHERE c.organisation_id = %s AND c.state <> 'received'
              AND NOT EXISTS (SELECT 1 FROM escalation_casetriage t WHERE t.case_id = c.id)
            """,  # noqa: S608 (no user input: every piece is a constant or an integer)
            [organisation.pk],
        )
    stages = CaseStage.objects.filter(organisation=organisation, responded_at__isnull=False)
    extended = stages.alias(bucket=F("id") % 12).filter(bucket=0, extended_at__isnull=True)
    extended.update(
        extended_at=F("opened_at") + timedelta(days=8),
        response_due=F("response_due_original") + timedelta(days=14),
        extension_reason="The investigation needed a site visit.",
        response_met=CaseWhen(
            When(Q(responded_at__date__lte=F("response_due_original") + timedelta(days=14)),
                 then=Value(True)),
            default=Value(False),
        ),
    )  # fmt: skip
    stages.filter(outcome__in=ANSWERED_WITH_FAULT, lessons_learned="").alias(
        bucket=F("id") % 5
    ).filter(bucket=0).update(lessons_learned="Reminded the team of the process; guidance updated.")
    _remedies_insert(organisation)


def _remedies_insert(organisation: Organisation) -> None:
    amounts = [str(a) for a in COMPENSATION_AMOUNTS]
    faults = ", ".join(f"'{o}'" for o in ANSWERED_WITH_FAULT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO escalation_remedy
                (organisation_id, case_stage_id, kind, description, amount)
            SELECT s.organisation_id, s.id,
                CASE WHEN s.id % 4 = 0 THEN '{Remedy.Kind.FINANCIAL}'
                     ELSE '{Remedy.Kind.APOLOGY}' END,
                CASE WHEN s.id % 4 = 0 THEN 'A payment for time and trouble'
                     ELSE 'An apology' END,
                CASE WHEN s.id % 4 = 0 THEN {_spread("(s.id / 4)", amounts)} END
            FROM escalation_casestage s
            WHERE s.organisation_id = %s AND s.outcome IN ({faults}) AND s.id % 4 IN (0, 1)
              AND NOT EXISTS (SELECT 1 FROM escalation_remedy r WHERE r.case_stage_id = s.id)
            """,  # noqa: S608 (no user input: every piece is a constant or an integer)
            [organisation.pk],
        )


__all__ = ["outcomes_generate"]

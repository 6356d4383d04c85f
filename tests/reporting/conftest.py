"""A dataset built by hand for the reporting tests: cases and stages with known dates, deadlines,
outcomes and services, around the period boundaries (31 March / 1 April, 30 September /
1 October, in British Summer Time) and across the Easter and May bank holidays of 2025.

The report under test is the Standards Committee report for April-September 2025 (2025-26-h1);
its comparisons are October 2024-March 2025 (previous) and April-September 2024 (a year
earlier). The expected figures in test_measures.py were counted by hand from the table below.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    """A local (Europe/London) time, e.g. "2025-04-01 00:30"."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@dataclass
class S:
    """One stage record."""

    stage: int
    opened: str
    due: str
    responded: str | None = None
    days: int | None = None
    met: bool | None = None
    outcome: str = ""
    lessons: str = ""
    extended: str | None = None
    compensation: list[str] = field(default_factory=list)


@dataclass
class C:
    ref: str
    kind: str
    service: str
    channel: str
    category: str
    ground: str | None
    received: str
    state: str
    fcr: bool = False
    closed: str | None = None
    stages: list[S] = field(default_factory=list)
    # The triage decision: (outcome, when, position of the refusal reason in the defaults).
    triage: tuple[str, str, int | None] | None = None


H, P, L = "housing", "planning-and-development", "leisure"
WEB, TEL, LETTER = "web-form", "telephone", "letter"
SF, OB, OTHER, BP, CGS = (
    "service-failure",
    "officer-behaviour",
    "other",
    "bureaucratic-process",
    "compliment-of-good-service",
)
G_SF, G_PI = "service-failure", "poor-information"

# The table reads best one case to a line or two: keep the formatter out of it.
# fmt: off
CASES = [
    # ---- April-September 2025 (this period) ----
    C("C1", "complaint", H, WEB, SF, G_SF, "2025-04-01 00:30", "stage1_responded",
      triage=("complaint", "2025-04-01 09:00", None), stages=[
        S(1, "2025-04-01 00:30", "2025-04-23", "2025-04-17 10:00", 12, True, "upheld",
          "Check the repairs log daily", compensation=["50.00"]),
    ]),
    C("C2", "complaint", H, TEL, OB, G_PI, "2025-04-17 09:00", "stage2_responded", stages=[
        S(1, "2025-04-17 09:00", "2025-05-13", "2025-05-12 15:00", 14, True, "not_upheld"),
        S(2, "2025-05-20 11:00", "2025-06-17", "2025-06-16 16:00", 18, True, "partly_upheld",
          "Train reception staff", compensation=["100.00"]),
    ]),
    C("C3", "complaint", P, WEB, SF, G_SF, "2025-09-30 23:59", "stage1", stages=[
        S(1, "2025-09-30 23:59", "2025-10-21"),
    ]),
    C("C4", "complaint", P, LETTER, SF, G_PI, "2025-06-10 10:00", "stage1_responded", stages=[
        S(1, "2025-06-10 10:00", "2025-07-09", "2025-07-08 12:00", 20, True, "upheld",
          extended="2025-06-20 09:00", compensation=["25.50"]),
    ]),
    C("C5", "complaint", H, WEB, SF, G_SF, "2025-06-02 09:00", "closed", closed="2025-07-30 09:00",
      stages=[S(1, "2025-06-02 09:00", "2025-06-23", "2025-06-30 17:00", 20, False,
                "not_upheld")]),
    C("C6", "complaint", H, WEB, SF, G_SF, "2025-07-01 09:00", "withdrawn",
      closed="2025-07-10 09:00", stages=[S(1, "2025-07-01 09:00", "2025-07-22")]),
    C("C7", "complaint", L, TEL, SF, None, "2025-08-05 09:00", "not_accepted",
      closed="2025-08-06 09:00", triage=("not_accepted", "2025-08-06 09:00", 0)),
    C("C8", "complaint", L, TEL, OTHER, None, "2025-08-06 09:00", "service_request_resolved",
      fcr=True, closed="2025-08-06 09:30"),
    C("C9", "complaint", H, WEB, SF, None, "2025-09-12 09:00", "service_request_resolved",
      fcr=True, closed="2025-09-12 09:30"),
    C("C10", "complaint", P, WEB, SF, G_SF, "2025-05-15 09:00", "withdrawn",
      closed="2025-06-20 09:00", stages=[
          S(1, "2025-05-15 09:00", "2025-06-05", "2025-05-22 09:00", 5, True, "upheld",
            "Update the web guidance"),
          S(2, "2025-06-02 09:00", "2025-06-30"),
      ]),
    C("M1", "comment", H, WEB, SF, None, "2025-04-03 09:00", "closed"),
    C("M2", "comment", P, LETTER, BP, None, "2025-09-09 09:00", "closed", fcr=True),
    C("M3", "comment", L, WEB, OTHER, None, "2025-09-20 09:00", "acknowledged"),
    C("K1", "compliment", L, WEB, CGS, None, "2025-05-01 09:00", "closed"),
    C("K2", "compliment", L, TEL, CGS, None, "2025-05-02 09:00", "closed"),
    C("K3", "compliment", H, LETTER, CGS, None, "2025-09-30 12:00", "acknowledged"),
    # ---- October 2024-March 2025 (previous period) ----
    C("C11", "complaint", H, WEB, SF, G_PI, "2025-03-24 09:00", "stage1_responded", stages=[
        S(1, "2025-03-24 09:00", "2025-04-14", "2025-04-14 16:00", 15, True, "partly_upheld"),
    ]),
    C("P1", "complaint", H, WEB, SF, G_SF, "2025-03-31 23:30", "stage1_responded", stages=[
        S(1, "2025-03-31 23:30", "2025-04-22", "2025-04-28 10:00", 18, False, "upheld",
          "Fix the booking process", compensation=["40.00"]),
    ]),
    C("P2", "complaint", P, WEB, SF, G_SF, "2024-10-01 09:00", "stage1_responded", stages=[
        S(1, "2024-10-01 09:00", "2024-10-22", "2024-10-15 09:00", 10, True, "not_upheld"),
    ]),
    C("P3", "comment", H, TEL, OB, None, "2024-12-20 09:00", "closed"),
    C("P4", "compliment", H, WEB, CGS, None, "2025-01-02 09:00", "closed"),
    C("P5", "complaint", L, WEB, OTHER, None, "2025-02-05 09:00", "service_request_resolved",
      fcr=True),
    C("Y5", "complaint", H, WEB, SF, None, "2024-10-01 00:05", "not_accepted",
      closed="2024-10-02 09:00", triage=("not_accepted", "2024-10-02 09:00", 1)),
    # ---- April-September 2024 (a year earlier) ----
    C("Y1", "complaint", H, WEB, SF, G_SF, "2024-09-30 23:30", "stage1_responded", stages=[
        S(1, "2024-09-30 23:30", "2024-10-21", "2024-10-14 09:00", 10, True, "upheld"),
    ]),
    C("Y2", "complaint", H, LETTER, SF, G_PI, "2024-05-01 09:00", "stage1_responded", stages=[
        S(1, "2024-05-01 09:00", "2024-05-23", "2024-05-21 09:00", 13, True, "not_upheld"),
    ]),
    C("Y3", "compliment", L, WEB, CGS, None, "2024-06-10 09:00", "closed"),
    C("Y4", "comment", P, WEB, BP, None, "2024-07-11 09:00", "closed"),
    # ---- outside every period of the report ----
    # 00:10 on 1 October 2025 in BST is 23:10 on 30 September in UTC: next period, not this.
    C("X1", "complaint", H, WEB, SF, G_SF, "2025-10-01 00:10", "stage1", stages=[
        S(1, "2025-10-01 00:10", "2025-10-22"),
    ]),
    C("X2", "compliment", H, WEB, CGS, None, "2024-03-31 12:00", "closed"),
]
# fmt: on


@pytest.fixture
def dataset(organisation):
    """Creates CASES; returns {reference: Case}."""
    return dataset_create(organisation)


def dataset_create(organisation):
    """Creates CASES for the council made by council_setup; returns {reference: Case}."""
    from escalation.models import CaseStage, CaseTriage, RefusalReason, Remedy, StagePolicy
    from feedback.models import Category, Channel, ComplaintGround, ServiceArea
    from ombudsman.models import Decision, Outcome
    from tests.factories import CaseFactory
    from tests.factories.ombudsman import OmbudsmanCaseFactory

    services = {s.slug: s for s in ServiceArea.objects.filter(organisation=organisation)}
    channels = {c.slug: c for c in Channel.objects.filter(organisation=organisation)}
    categories = {c.slug: c for c in Category.objects.filter(organisation=organisation)}
    grounds = {g.slug: g for g in ComplaintGround.objects.filter(organisation=organisation)}
    policies = {p.stage: p for p in StagePolicy.objects.filter(organisation=organisation)}
    reasons = list(RefusalReason.objects.filter(organisation=organisation).order_by("position"))
    created = {}
    for spec in CASES:
        case = CaseFactory(
            organisation=organisation,
            reference=f"REF-{spec.ref}",
            kind=spec.kind,
            service=services[spec.service],
            channel=channels[spec.channel],
            category=categories[spec.category],
            ground=grounds[spec.ground] if spec.ground else None,
            received_at=at(spec.received),
            state=spec.state,
            resolved_at_first_contact=spec.fcr,
            closed_at=at(spec.closed) if spec.closed else None,
            # What escalation.stages.stage_open records when it opens each stage below.
            formal_stage=max((s.stage for s in spec.stages), default=0),
        )
        for s in spec.stages:
            due = datetime.fromisoformat(s.due).date()
            stage = CaseStage.objects.create(
                organisation=organisation,
                case=case,
                stage=s.stage,
                policy=policies[s.stage],
                opened_at=at(s.opened),
                acknowledge_due=at(s.opened).date(),
                response_due_original=due,
                response_due=due,
                extended_at=at(s.extended) if s.extended else None,
                responded_at=at(s.responded) if s.responded else None,
                working_days_taken=s.days,
                response_met=s.met,
                outcome=s.outcome,
                lessons_learned=s.lessons,
            )
            for amount in s.compensation:
                Remedy.objects.create(
                    organisation=organisation,
                    case_stage=stage,
                    kind=Remedy.Kind.FINANCIAL,
                    description="Payment for time and trouble",
                    amount=Decimal(amount),
                    # Paid in full on the day of the response (the payments test adds others).
                    amount_paid=Decimal(amount),
                    paid_on=at(s.responded).date(),
                )
            if s.compensation:
                # A non-financial remedy on the same stage is never counted as compensation.
                Remedy.objects.create(
                    organisation=organisation,
                    case_stage=stage,
                    kind=Remedy.Kind.APOLOGY,
                    description="Apology",
                    amount=Decimal("999.00"),
                )
        if spec.triage:
            outcome, decided, reason = spec.triage
            CaseTriage.objects.create(
                organisation=organisation,
                case=case,
                outcome=outcome,
                refusal_reason=reasons[reason] if reason is not None else None,
                decided_at=at(decided),
            )
        created[spec.ref] = case
    # One Ombudsman enquiry about C2, referred and decided (fault found) in this period.
    OmbudsmanCaseFactory(
        organisation=organisation,
        service=services[H],
        case=created["C2"],
        enquiry_received_on=datetime(2025, 7, 1).date(),
        decision=Decision.UPHELD_INJUSTICE,
        outcome=Outcome.INVESTIGATED,
        decided_on=datetime(2025, 9, 1).date(),
    )
    return created


@pytest.fixture
def h1_2025():
    from reporting.periods import parse

    return parse("2025-26-h1")

"""Demo Ombudsman cases for the demo council: at least one in every state, with decisions and
remedies (some complied with on time, some late, some overdue), made through the services so
their timelines, deadlines and complaint states are real. The demo loader calls `load`."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from feedback import clock
from feedback.models import Case, FeedbackKind, Organisation, ServiceArea
from feedback.states import CaseState
from ombudsman.defaults import bodies_load
from ombudsman.models import Decision, OmbudsmanCase, OmbudsmanState, Origin, RemedyKind
from ombudsman.services import (
    RemedyInput,
    ombudsman_case_open,
    ombudsman_case_transition,
    ombudsman_decision_record,
    remedy_compliance_record,
)

S = OmbudsmanState

# (final state, decision, remedies as (kind, days after the decision they are due, complied
# how many days after due: None = not yet), how many days ago the enquiry arrived)
SCENARIOS = [
    (S.ENQUIRY_RECEIVED, "", [], 8),
    (S.ENQUIRY_RECEIVED, "", [], 35),  # response overdue
    (S.INFORMATION_SENT, "", [], 50),
    (S.DRAFT_DECISION, "", [], 90),
    (S.COMMENTS_SENT, "", [], 110),
    (
        S.FINAL_DECISION,
        Decision.UPHELD_INJUSTICE,
        [(RemedyKind.APOLOGY, 20, -3), (RemedyKind.FINANCIAL, 30, None)],
        150,
    ),
    (
        S.FINAL_DECISION,
        Decision.UPHELD_INJUSTICE,
        [(RemedyKind.PROCEDURE_CHANGE, 60, None), (RemedyKind.STAFF_TRAINING, 90, None)],
        120,
    ),
    (
        S.REMEDIES_COMPLIED,
        Decision.UPHELD_INJUSTICE,
        [(RemedyKind.APOLOGY, 20, -5), (RemedyKind.FINANCIAL, 30, 4)],
        200,
    ),
    (S.CLOSED, Decision.NOT_UPHELD, [], 240),
    (S.CLOSED, Decision.UPHELD_REMEDIED, [], 260),
    (
        S.CLOSED,
        Decision.UPHELD_NO_INJUSTICE,
        [(RemedyKind.SERVICE_IMPROVEMENT, 40, -1)],
        300,
    ),
    (S.CLOSED_INITIAL_ENQUIRIES, "", [], 70),
    (S.CLOSED_PREMATURE, "", [], 45),
    (S.WITHDRAWN, "", [], 60),
]

DECISION_SUMMARIES = {
    Decision.NOT_UPHELD: "The council followed its policy and there was no fault.",
    Decision.UPHELD_NO_INJUSTICE: "There was fault in how the council kept records, but it did "
    "not change the outcome for the complainant.",
    Decision.UPHELD_INJUSTICE: "The council delayed for months without a good reason, causing "
    "avoidable distress and time and trouble.",
    Decision.UPHELD_REMEDIED: "There was fault, but the council's apology and payment at Stage 2 "
    "were a suitable remedy.",
}

SUMMARIES = [
    "Delay in carrying out a housing repair",
    "Failure to collect bins over several weeks",
    "Handling of a planning enforcement complaint",
    "Council tax reduction wrongly refused",
    "Parking penalty charge appeal mishandled",
    "Noise nuisance complaint not investigated",
]


def _liaison_officer(organisation: Organisation):
    users = get_user_model().objects.filter(officer__organisation=organisation, is_active=True)
    for user in users.order_by("pk"):
        if user.has_perm("ombudsman.liaise_ombudsman") and user.has_perm("feedback.triage_case"):
            return user
    return None


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def load(*, organisation: Organisation, rng: random.Random) -> list[OmbudsmanCase]:
    """Add the demo Ombudsman cases (once: does nothing if the council already has some)."""
    if OmbudsmanCase.objects.filter(organisation=organisation).exists():
        return []
    bodies = {body.slug: body for body in bodies_load(organisation=organisation)}
    officer = _liaison_officer(organisation)
    services = list(ServiceArea.objects.filter(organisation=organisation, is_active=True))
    complaints = list(
        Case.objects.filter(
            organisation=organisation,
            kind=FeedbackKind.COMPLAINT,
            state=CaseState.STAGE2_RESPONDED,
            ombudsman_cases__isnull=True,
        )
        .select_related("service", "customer")
        .order_by("pk")
    )
    today = clock.today()
    created = []
    for number, (target, decision, remedies, days_ago) in enumerate(SCENARIOS, start=1):
        received = today - timedelta(days=days_ago)
        # Standalone cases: the premature one, and a few the council never saw.
        standalone = target == S.CLOSED_PREMATURE or not complaints or number % 4 == 0
        complaint = None if standalone else complaints.pop(0)
        service = complaint.service if complaint else rng.choice(services)
        body = bodies["housing-ombudsman" if service.is_landlord_service else "lgsco"]
        ombudsman_case = ombudsman_case_open(
            organisation=organisation,
            user=officer,
            body=body,
            ombudsman_reference=f"{received:%y} {number:03d} {rng.randint(100, 999)}",
            enquiry_received_on=received,
            summary=complaint.summary[:200] if complaint else rng.choice(SUMMARIES),
            case=complaint,
            service=service,
            origin=Origin.STAGE1_ONLY if target == S.CLOSED_PREMATURE else None,
            complainant_name="" if complaint else "A member of the public",
            investigator_name=rng.choice(["Sam Patel", "Jo Williams", "Chris Evans"]),
            investigator_email="investigator@example.org",
            assigned_to=officer,
            now=_moment(received),
        )
        _drive(ombudsman_case, target, decision, remedies, received, today, officer)
        created.append(ombudsman_case)
    return created


def _drive(ombudsman_case, target, decision, remedies, received, today, officer) -> None:
    def step(name, day, **data):
        ombudsman_case_transition(
            ombudsman_case=ombudsman_case, name=name, user=officer, data=data, now=_moment(day)
        )

    early_end = {
        S.CLOSED_INITIAL_ENQUIRIES: "close_after_initial_enquiries",
        S.CLOSED_PREMATURE: "close_premature",
        S.WITHDRAWN: "withdraw",
    }
    if target in early_end:
        step(early_end[target], received + timedelta(days=21), decided_on=received + timedelta(21))
        return
    if target == S.ENQUIRY_RECEIVED:
        return
    sent = received + timedelta(days=18)
    step("send_information", sent, sent_on=sent, documents=["Complaint file", "Response letters"])
    if target == S.INFORMATION_SENT:
        return
    draft = received + timedelta(days=60)
    step("receive_draft_decision", draft, received_on=draft)
    if target == S.DRAFT_DECISION:
        return
    step("send_comments", draft + timedelta(days=9), sent_on=draft + timedelta(days=9))
    if target == S.COMMENTS_SENT:
        return
    decided = received + timedelta(days=90)
    ombudsman_decision_record(
        ombudsman_case=ombudsman_case,
        user=officer,
        decision=decision,
        decided_on=decided,
        summary=DECISION_SUMMARIES[decision],
        remedies=[
            RemedyInput(
                kind=kind,
                description=f"{RemedyKind(kind).label} as the Ombudsman recommended",
                due_on=decided + timedelta(days=due_in),
                amount=Decimal("250.00") if kind == RemedyKind.FINANCIAL else None,
                owner=officer,
            )
            for kind, due_in, _ in remedies
        ],
        now=_moment(decided),
    )
    for remedy, (_, _, complied_after) in zip(
        ombudsman_case.remedies.order_by("pk"), remedies, strict=True
    ):
        if complied_after is None:
            continue
        complied = min(remedy.due_on + timedelta(days=complied_after), today)
        remedy_compliance_record(
            remedy=remedy,
            user=officer,
            complied_on=complied,
            evidence="Copy of the letter and payment record",
            sent_to_ombudsman_on=complied,
            now=_moment(complied),
        )
    if target == S.FINAL_DECISION:
        return
    last = max([decided, *[r.complied_on for r in ombudsman_case.remedies.all()]])
    if target == S.REMEDIES_COMPLIED or remedies:
        step("confirm_remedies_complied", last + timedelta(days=1))
        if target == S.REMEDIES_COMPLIED:
            return
    step("close", last + timedelta(days=2), closed_on=last + timedelta(days=2))

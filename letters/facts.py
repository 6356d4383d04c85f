"""Everything a letter says about its case, read once from the database into plain values.

`case_facts` is the only place that reads the case for a letter; the merge fields, the fixed
paragraphs, the completeness check and the PDF are all built from the `Facts` it returns. The
template editor's preview and the benchmark use `sample_facts`, which needs no database.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Prefetch

from escalation.calendar import WorkingCalendar
from escalation.deadlines import escalation_window_end
from escalation.models import CaseStage, CaseTriage, OutstandingAction, Remedy
from escalation.selectors import calendar_for
from feedback import clock
from feedback.models import Case, Organisation
from feedback.selectors import ombudsman_route
from feedback.states import CaseState

from .models import LetterKind


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def count_words(count: int, singular: str, plural: str) -> str:
    """ "1 working day", "20 working days": a number and its noun, agreeing."""
    return f"{count} {singular if count == 1 else plural}"


# The channel a customer uses when they write to us on paper; a letter to them goes by post.
POSTAL_CHANNEL_SLUG = "letter"

# The rows `case_facts` reads through its case, for `select_related` on the query that reads the
# case (or, prefixed with "case__", the letter): one query in place of one for each.
CASE_FACTS_RELATED = (
    "organisation",
    "customer",
    "service__manager",
    "channel",
    "assigned_to__officer",
)


@dataclass(frozen=True)
class Ombudsman:
    name: str
    address_lines: tuple[str, ...]
    phone: str
    website: str


@dataclass(frozen=True)
class Contact:
    name: str
    job_title: str
    phone: str
    email: str


@dataclass(frozen=True)
class StageFacts:
    number: int
    complaint_understood: str = ""
    outcome: str = ""
    outcome_label: str = ""
    reasons: str = ""
    remedies: tuple[str, ...] = ()
    actions: tuple[tuple[str, date], ...] = ()
    acknowledge_by: date | None = None
    respond_by: date | None = None
    respond_by_original: date | None = None
    extended: bool = False
    extension_reason: str = ""
    escalation_window: str = ""
    escalation_window_days: int = 0
    escalation_window_unit: str = "working"


@dataclass(frozen=True)
class Facts:
    organisation_name: str
    organisation_address: tuple[str, ...]
    organisation_phone: str
    organisation_email: str
    organisation_website: str
    team: str
    reference: str
    case_kind: str
    summary: str
    received_on: date
    service_name: str
    staff_member_named: str
    customer_name: str
    customer_salutation: str
    customer_first_name: str
    customer_last_name: str
    customer_email: str
    customer_address: tuple[str, ...]
    customer_wants_large_print: bool
    contact: Contact
    ombudsman: Ombudsman
    letter_date: date
    stage: StageFacts | None = None
    stage2_request_by: date | None = None
    manager_name: str = ""
    manager_email: str = ""
    # From the triage decision (escalation.CaseTriage): why it was not accepted, in the words
    # for the customer, and where it was forwarded.
    refusal_reason: str = ""
    forwarded_to: str = ""
    nation: str = "ENG"
    closure_days: frozenset[date] = field(default_factory=frozenset)
    # The customer wrote to us on paper: the reply goes by post unless they ask otherwise.
    customer_wrote_by_post: bool = False
    # A member enquiry (a councillor's, MP's or MS's on the customer's behalf) is answered to
    # both: the letter goes to the customer and names the member as "cc", who gets a copy.
    copy_to: str = ""


def _lines(text: str, *extra: str) -> tuple[str, ...]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(lines + [e for e in extra if e and e not in lines])


def _ombudsman(case: Case) -> Ombudsman:
    route = ombudsman_route(case=case)
    return Ombudsman(route.name, route.address_lines, route.phone, route.website)


def _contact(case: Case, organisation: Organisation, author=None) -> Contact:
    """The named contact who signs the letter: the assigned officer, else the officer who wrote
    it, else the complaints team (seed 001 asks for a named person with a telephone number and
    email). The council's name is in the letterhead, so it is not repeated as a job title."""
    for officer in (case.assigned_to, author):
        if officer is not None and officer.get_full_name():
            profile = getattr(officer, "officer", None)
            return Contact(
                name=officer.get_full_name(),
                job_title=(profile.job_title if profile else "")
                or organisation.complaints_team_name,
                phone=(profile.phone if profile else "") or organisation.phone,
                email=officer.email or organisation.email,
            )
    return Contact(organisation.complaints_team_name, "", organisation.phone, organisation.email)


def _stage_number(case: Case, kind: str) -> int | None:
    if kind == LetterKind.STAGE1_RESPONSE:
        return 1
    if kind == LetterKind.STAGE2_RESPONSE:
        return 2
    if case.state in (CaseState.STAGE2, CaseState.STAGE2_RESPONDED, CaseState.OMBUDSMAN):
        return 2
    if case.state in (CaseState.STAGE1, CaseState.STAGE1_RESPONDED):
        return 1
    return None


def _window_words(days: int, unit: str) -> str:
    if unit == "working":
        return count_words(days, "working day", "working days")
    return count_words(days, "day", "days")


def stage_facts(case_stage: CaseStage) -> StageFacts:
    remedies = tuple(
        f"{r.get_kind_display()}: {r.description}" + (f" (£{r.amount:,.2f})" if r.amount else "")
        for r in case_stage.remedies.all()
    )
    actions = tuple(
        (a.description, a.due_date) for a in case_stage.actions.all() if a.completed_at is None
    )
    policy = case_stage.policy
    return StageFacts(
        number=case_stage.stage,
        complaint_understood=case_stage.complaint_understood.strip(),
        outcome=case_stage.outcome,
        outcome_label=case_stage.get_outcome_display().lower() if case_stage.outcome else "",
        reasons=case_stage.outcome_reasons.strip(),
        remedies=remedies,
        actions=actions,
        acknowledge_by=case_stage.acknowledge_due,
        respond_by=case_stage.response_due,
        respond_by_original=case_stage.response_due_original,
        extended=case_stage.response_due != case_stage.response_due_original
        or case_stage.extended_at is not None,
        extension_reason=case_stage.extension_reason.strip(),
        escalation_window=_window_words(
            policy.escalation_window_days, policy.escalation_window_unit
        ),
        escalation_window_days=policy.escalation_window_days,
        escalation_window_unit=policy.escalation_window_unit,
    )


def case_facts(*, case: Case, kind: str, letter_date: date, author=None) -> Facts:
    """`author` is the officer who wrote the letter: it is signed by them when no officer is
    assigned to the case."""
    organisation = case.organisation
    number = _stage_number(case, kind)
    stage = None
    if number is not None:
        case_stage = (
            CaseStage.objects.filter(case=case, stage=number)
            .select_related("policy")
            .prefetch_related(
                Prefetch("remedies", queryset=Remedy.objects.order_by("pk")),
                Prefetch("actions", queryset=OutstandingAction.objects.order_by("due_date", "pk")),
            )
            .first()
        )
        stage = stage_facts(case_stage) if case_stage else StageFacts(number=number)
        if number == 2:
            # A Stage 1 action still open is still owed to the customer: the final letter
            # lists it, so it never says there is nothing more to do while one is open.
            carried = tuple(
                (action.description, action.due_date)
                for action in OutstandingAction.objects.filter(
                    case_stage__case=case, case_stage__stage=1, completed_at__isnull=True
                ).order_by("due_date", "pk")
            )
            stage = replace(stage, actions=carried + tuple(stage.actions))
    customer = case.customer
    manager = case.service.manager
    triage = CaseTriage.objects.filter(case=case).select_related("refusal_reason").first()
    closure_days = calendar_for(organisation).closure_days
    facts = Facts(
        organisation_name=organisation.name,
        organisation_address=_lines(organisation.address),
        organisation_phone=organisation.phone,
        organisation_email=organisation.email,
        organisation_website=organisation.website,
        team=organisation.complaints_team_name,
        reference=case.reference,
        case_kind=case.get_kind_display().lower(),
        summary=case.summary,
        received_on=clock.local_date(case.received_at),
        service_name=case.service.name,
        staff_member_named=case.staff_member_named,
        customer_name=customer.full_name if customer else "",
        customer_salutation=_salutation(customer),
        customer_first_name=customer.first_name if customer else "",
        customer_last_name=customer.last_name if customer else "",
        customer_email=case.reply_address,
        customer_address=_lines(customer.address, customer.postcode) if customer else (),
        customer_wants_large_print=bool(customer and customer.wants_large_print),
        contact=_contact(case, organisation, author),
        ombudsman=_ombudsman(case),
        letter_date=letter_date,
        stage=stage,
        manager_name=(manager.get_full_name() or manager.get_username()) if manager else "",
        manager_email=manager.email if manager else "",
        refusal_reason=_refusal_words(triage),
        forwarded_to=triage.forwarded_to.strip() if triage else "",
        nation=organisation.nation,
        closure_days=closure_days,
        customer_wrote_by_post=case.channel.slug == POSTAL_CHANNEL_SLUG,
        copy_to=member_copy_line(case),
    )
    return with_stage2_request_by(facts)


def member_copy_line(case: Case) -> str:
    """ "Daniel Okafor MP, MP for Exampletown and Riverside": who a member enquiry's letters
    are copied to; empty when the case is not a member enquiry."""
    if not case.is_member_enquiry:
        return ""
    role = case.get_representative_kind_display()
    area = f" for {case.representative_area}" if case.representative_area else ""
    return f"{case.representative_name}, {role}{area}"


def with_stage2_request_by(facts: Facts) -> Facts:
    """Stage 1: the last day to ask for Stage 2 is the policy's escalation window counted from
    the date of the response letter, by the rule the lifecycle enforces when the letter is
    sent (escalation.deadlines.escalation_window_end)."""
    if facts.stage is None or facts.stage.number != 1 or not facts.stage.escalation_window_days:
        return facts
    calendar = WorkingCalendar(nation=facts.nation, closure_days=facts.closure_days)
    by = escalation_window_end(facts.stage, calendar, facts.letter_date)
    return replace(facts, stage2_request_by=by)


def _refusal_words(triage: CaseTriage | None) -> str:
    reason = triage.refusal_reason if triage else None
    if reason is None:
        return ""
    return (reason.explanation_for_customer or reason.name).strip()


def _salutation(customer) -> str:
    if customer is None:
        return "Sir or Madam"
    if customer.title and customer.last_name:
        return f"{customer.title} {customer.last_name}"
    return customer.full_name or "Sir or Madam"

"""The Complaint Handling Code's annual report: the year's report tables, the self-assessment
with the evidence the system fills in from its own data, the service improvements made ("you
said, we did") and the governing body's response.

Each evidence function's docstring is its definition (printed with the report, like the
measures'). Evidence costs a fixed number of queries, whatever the number of cases."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, Sum

from escalation.defaults import CODE_POLICIES
from escalation.models import CaseStage, CaseTriage, DayUnit, Remedy, StagePolicy, TriageOutcome
from escalation.selectors import calendar_for
from feedback.models import Notification, Organisation

from .code import REQUIREMENTS, Requirement
from .measures.compute import report_transaction
from .measures.definitions import Window
from .models import SelfAssessment, SelfAssessmentAnswer, ServiceImprovement
from .periods import Period, PeriodKind

EVIDENCE: dict[str, Callable[["Year"], str]] = {}


def evidence(function: Callable[["Year"], str]):
    EVIDENCE[function.__name__] = function
    return function


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "none in the year"
    return f"{Decimal(100 * part / whole).quantize(Decimal('1'))}% ({part} of {whole})"


def _answered(organisation: Organisation, w: Window):
    return CaseStage.objects.filter(organisation=organisation).filter(w.q("responded_at"))


@dataclass
class Year:
    """What the evidence reads: the council and the year's window; the stage counts three
    evidences share are one query, made once."""

    organisation: Organisation
    window: Window

    @cached_property
    def stage_counts(self) -> dict:
        stage1 = CaseStage.objects.filter(case=OuterRef("case"), stage=1)
        same_person = Exists(
            stage1.filter(
                Q(handler=OuterRef("responded_by"))
                | Q(responded_by=OuterRef("responded_by"))
                | Q(response_recorded_by=OuterRef("responded_by"))
                | Q(handler=OuterRef("response_recorded_by"))
                | Q(responded_by=OuterRef("response_recorded_by"))
                | Q(response_recorded_by=OuterRef("response_recorded_by"))
            )
        )
        return _answered(self.organisation, self.window).aggregate(
            s1_timed=Count("pk", filter=Q(stage=1, working_days_taken__isnull=False)),
            s1_within=Count("pk", filter=Q(stage=1, working_days_taken__lte=10)),
            s2_timed=Count("pk", filter=Q(stage=2, working_days_taken__isnull=False)),
            s2_within=Count("pk", filter=Q(stage=2, working_days_taken__lte=20)),
            s2_answered=Count("pk", filter=Q(stage=2)),
            s2_different=Count("pk", filter=Q(stage=2) & ~Q(same_person)),
        )


@evidence
def stage1_within_10(year: "Year") -> str:
    """Stage 1 responses sent in the year (by `responded_at`) whose `working_days_taken` is 10
    or fewer, of those with working days recorded. Working days are counted from the stage's
    start under the policy in force (receipt or acknowledgement): counted from receipt, the
    figure is if anything stricter than the Code's "10 working days of acknowledgement"."""
    counts = year.stage_counts
    return (
        "Stage 1 responses within 10 working days: "
        f"{_percent(counts['s1_within'], counts['s1_timed'])}."
    )


@evidence
def stage2_within_20(year: "Year") -> str:
    """Stage 2 responses sent in the year whose `working_days_taken` is 20 or fewer, of those
    with working days recorded (counted as for Stage 1)."""
    counts = year.stage_counts
    return (
        "Stage 2 responses within 20 working days: "
        f"{_percent(counts['s2_within'], counts['s2_timed'])}."
    )


@evidence
def stage2_different_person(year: "Year") -> str:
    """Stage 2 responses sent in the year whose sender and recorder were neither the handler
    of Stage 1, nor who recorded or sent its response (the rule of
    escalation.selectors.stage2_reviewer_refusal), of all Stage 2 responses sent in the
    year."""
    counts = year.stage_counts
    return (
        "Stage 2 handled by a different person: "
        f"{_percent(counts['s2_different'], counts['s2_answered'])}."
    )


@evidence
def extensions_beyond_code(year: "Year") -> str:
    """Stages answered in the year whose deadline was extended (`extended_at` set) by more
    working days, from the original deadline to the final one, than the Code's maximum (10 at
    Stage 1, 20 at Stage 2), on the council's working calendar."""
    extended = (
        _answered(year.organisation, year.window)
        .filter(extended_at__isnull=False)
        .values("stage", "response_due_original", "response_due")
        .annotate(n=Count("pk"))
        .order_by()
    )
    calendar = calendar_for(year.organisation)
    total = beyond = 0
    for row in extended:
        total += row["n"]
        limit = CODE_POLICIES[row["stage"]]["max_extension_days"]
        days = calendar.working_days_between(row["response_due_original"], row["response_due"])
        if days > limit:
            beyond += row["n"]
    return f"Extensions beyond the Code's maximum: {beyond} (of {total} extended responses)."


@evidence
def refusals_signposted(year: "Year") -> str:
    """Triage decisions "not accepted as a complaint" made in the year (`decided_at`) whose
    case has an email to the customer naming the Ombudsman's website (the refusal email
    always does); refusals to customers with no email address count as not signposted here
    (their letter is checked by hand)."""
    organisation, w = year.organisation, year.window
    signposting = Notification.objects.filter(case=OuterRef("case")).filter(
        Q(body__contains=organisation.ombudsman_website)
        | Q(body__contains=organisation.housing_ombudsman_website)
    )
    counts = (
        CaseTriage.objects.filter(organisation=organisation, outcome=TriageOutcome.NOT_ACCEPTED)
        .filter(w.q("decided_at"))
        .aggregate(total=Count("pk"), signposted=Count("pk", filter=Q(Exists(signposting))))
    )
    return (
        "Refusals with the Ombudsman signposted: "
        f"{_percent(counts['signposted'], counts['total'])}."
    )


POLICY_FIELDS = (
    ("acknowledge_days_electronic", "acknowledge (electronic)"),
    ("acknowledge_days_written", "acknowledge (written)"),
    ("respond_days", "respond"),
    ("max_extension_days", "extend by at most"),
)


@evidence
def policy_in_force(year: "Year") -> str:
    """The stage policies in force at the end of the year (the newest with `effective_from`
    before it) against the Code's: acknowledge in 5 working days, respond in 10 (Stage 1) or
    20 (Stage 2) working days of the acknowledgement, extend by at most 10 or 20."""
    organisation, w = year.organisation, year.window
    in_force: dict[int, StagePolicy] = {}
    for policy in StagePolicy.objects.filter(organisation=organisation).order_by(
        "effective_from", "pk"
    ):
        if policy.effective_from < w.end or policy.stage not in in_force:
            in_force[policy.stage] = policy
    lines = []
    for stage, code in CODE_POLICIES.items():
        policy = in_force.get(stage)
        if policy is None:
            lines.append(f"Stage {stage}: no policy recorded.")
            continue
        unit = DayUnit(policy.respond_unit).label
        differences = [
            f"{label} {getattr(policy, name)} (Code {code[name]})"
            for name, label in POLICY_FIELDS
            if getattr(policy, name) > code[name]
        ]
        if policy.respond_unit != DayUnit.WORKING:
            differences.append(f"respond counted in {unit} (Code: working days)")
        verdict = "within the Code's timescales" if not differences else "differs: "
        lines.append(
            f"Stage {stage} ({policy.name}): respond in {policy.respond_days} {unit}; "
            + verdict
            + "; ".join(differences)
            + "."
        )
    return " ".join(lines)


@evidence
def compensation_paid(year: "Year") -> str:
    """Financial redress paid in the year (`paid_on`), offered at Stage 1 or 2."""
    organisation, w = year.organisation, year.window
    paid = Remedy.objects.filter(
        organisation=organisation, kind=Remedy.Kind.FINANCIAL, paid_on__isnull=False
    ).filter(w.q_dates("paid_on"))
    totals = paid.aggregate(n=Count("pk"), total=Sum("amount_paid"))
    return f"Compensation paid: £{totals['total'] or 0:,.2f} in {totals['n']} payments."


@evidence
def improvements_done(year: "Year") -> str:
    """Service improvements in the register marked done with `done_on` in the year."""
    organisation, w = year.organisation, year.window
    done = ServiceImprovement.objects.filter(
        organisation=organisation, status=ServiceImprovement.Status.DONE
    ).filter(w.q_dates("done_on"))
    return f"Service improvements made: {done.count()} (listed in this report)."


def evidence_for_year(*, organisation: Organisation, period: Period) -> dict[str, str]:
    """Every evidence sentence for the financial year `period` (about 8 queries)."""
    year = Year(organisation, Window(*period.bounds()))
    # As a report's figures: one snapshot, and no JIT compilation, which PostgreSQL chose for
    # the "different person" count (its subquery a stage) and which cost more than the query.
    with report_transaction():
        return {key: function(year) for key, function in EVIDENCE.items()}


def evidence_definitions() -> list[tuple[str, str]]:
    return [
        (key.replace("_", " ").capitalize(), inspect.cleandoc(function.__doc__ or ""))
        for key, function in EVIDENCE.items()
    ]


@dataclass
class AssessmentRow:
    requirement: Requirement
    system_evidence: list[str]
    answer: SelfAssessmentAnswer | None

    @property
    def evidence_text(self) -> str:
        written = self.answer.evidence if self.answer else ""
        return "\n".join([*self.system_evidence, written]).strip()


@dataclass
class AnnualAssessment:
    period: Period
    assessment: SelfAssessment | None
    rows: list[AssessmentRow] = field(default_factory=list)
    improvements: list[ServiceImprovement] = field(default_factory=list)
    previous: SelfAssessment | None = None


def year_period(year: int) -> Period:
    from . import periods

    period = periods.parse(f"{year}-{(year + 1) % 100:02d}")
    assert period.kind == PeriodKind.YEAR
    return period


def published_years(*, organisation: Organisation) -> list[tuple[int, Period]]:
    """The financial years whose annual report is published, newest first."""
    years = SelfAssessment.objects.filter(
        organisation=organisation, published_at__isnull=False
    ).order_by("-year")
    return [(year, year_period(year)) for year in years.values_list("year", flat=True)]


def annual_assessment_get(*, organisation: Organisation, year: int) -> AnnualAssessment:
    """The self-assessment of the financial year starting in April `year`: each requirement
    with the system's evidence and the council's answer (or none yet), the improvements done in
    the year, and last year's assessment to start from."""
    period = year_period(year)
    assessment = SelfAssessment.objects.filter(organisation=organisation, year=year).first()
    answers = (
        {answer.requirement: answer for answer in assessment.answers.all()} if assessment else {}
    )
    system = evidence_for_year(organisation=organisation, period=period)
    rows = [
        AssessmentRow(
            requirement,
            [system[key] for key in requirement.evidence],
            answers.get(requirement.key),
        )
        for requirement in REQUIREMENTS
    ]
    improvements = list(
        ServiceImprovement.objects.filter(
            organisation=organisation,
            status=ServiceImprovement.Status.DONE,
            done_on__gte=period.start,
            done_on__lte=period.end,
        )
        .select_related("service", "owner")
        .annotate(case_count=Count("cases"))
        .order_by("service__position", "service__name", "done_on")
    )
    previous = SelfAssessment.objects.filter(organisation=organisation, year=year - 1).first()
    return AnnualAssessment(period, assessment, rows, improvements, previous)

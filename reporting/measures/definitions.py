"""Every measure of the reports, defined once.

A measure is a function that returns a database aggregate for one period (`w`, a Window): for
each period, the reports put all measures of one table decided by the same date into one grouped
query over the rows with that date in the period, with one conditional aggregate per measure
(`Count(..., filter=...)`), so nothing is counted in Python. The docstring of
each function IS its definition: the reports print it under "How these figures are counted".

Rates are defined from two counts (`Rate`), so a whole-council rate is the ratio of the summed
counts, never an average of the services' rates.

General rules, true of every measure:
* a period is a range of local dates in the council's time zone (reporting.periods);
* a reopened case is one case: it counts once, by the date named in the definition, and each of
  its stages counts once (a case has at most one row per stage);
* a withdrawn case still counts as received; it counts as answered only for the stages that were
  answered before the withdrawal.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Aggregate, Count, Q, Sum
from django.utils import timezone

from escalation.models import Outcome, Remedy, TriageOutcome
from feedback.models import MEMBER_KINDS, Case, FeedbackKind
from feedback.states import CaseState
from surveys.models import RATED_SCORES, SATISFIED_SCORES


@dataclass(frozen=True)
class Window:
    """One period as [start, end) aware datetimes."""

    start: datetime
    end: datetime

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def q_dates(self, field: str) -> Q:
        """The same period for a date (not a moment): the local dates from the first day to
        the last."""
        return Q(
            **{
                f"{field}__gte": timezone.localdate(self.start),
                f"{field}__lt": timezone.localdate(self.end),
            }
        )


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    table: str  # "case", "stage", "remedy", "triage" or "event"
    decided_by: str  # the date (a field path on the table) that puts a row in a period
    # The aggregate may depend on its window only through `decided_by` being in it: the reports
    # read several windows in one query grouped by window, and give it the span of them all
    # (compute.period_query). A figure "at the period's end" needs a measure of its own.
    aggregate: Callable[[Window], Aggregate]
    money: bool = False
    # Only rows matching `scope` can count: the period's query reads only those, so an index
    # (a partial one, say) finds them instead of every row with the date in the period.
    scope: Q | None = None
    # `decided_by` is a date, not a moment: the period is its local dates.
    by_date: bool = False

    @property
    def definition(self) -> str:
        return inspect.cleandoc(self.aggregate.__doc__ or "")


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: str
    denominator: str
    definition: str


CASE_MEASURES: dict[str, Measure] = {}
STAGE_MEASURES: dict[str, Measure] = {}
REMEDY_MEASURES: dict[str, Measure] = {}
TRIAGE_MEASURES: dict[str, Measure] = {}
EVENT_MEASURES: dict[str, Measure] = {}
SURVEY_MEASURES: dict[str, Measure] = {}
MEASURES_BY_TABLE = {
    "case": CASE_MEASURES,
    "stage": STAGE_MEASURES,
    "remedy": REMEDY_MEASURES,
    "triage": TRIAGE_MEASURES,
    "event": EVENT_MEASURES,
    "survey": SURVEY_MEASURES,
}


def measure(
    *,
    table: str,
    label: str,
    decided_by: str,
    money: bool = False,
    scope: Q | None = None,
    by_date: bool = False,
):
    def register(function: Callable[[Window], Aggregate]) -> Measure:
        defined = Measure(
            function.__name__, label, table, decided_by, function, money, scope, by_date
        )
        MEASURES_BY_TABLE[table][defined.key] = defined
        return defined

    return register


def reached_stage(stage: int) -> Q:
    """The case has reached this formal stage: `formal_stage`, which escalation records on the
    case when it opens a stage, is at least `stage`."""
    return Q(formal_stage__gte=stage)


# ---------------------------------------------------------------- cases (feedback.Case)


@measure(table="case", label="Feedback received", decided_by="received_at")
def received(w: Window) -> Aggregate:
    """Every case (complaint, comment or compliment) whose `received_at` falls in the period,
    whatever happened to it afterwards: withdrawn, refused and forwarded cases count too. A
    reopened case counts once, in the period it was first received."""
    return Count("pk", filter=w.q("received_at"))


@measure(table="case", label="Complaints and comments received", decided_by="received_at")
def resolvable(w: Window) -> Aggregate:
    """Cases received in the period (by `received_at`) that are complaints or comments:
    everything that may need resolving. Compliments are left out. The denominator of the
    first-contact resolution rate."""
    return Count("pk", filter=w.q("received_at") & ~Q(kind=FeedbackKind.COMPLIMENT))


@measure(table="case", label="Reached a formal stage", decided_by="received_at")
def reached_formal(w: Window) -> Aggregate:
    """Cases received in the period (by `received_at`) that have a Stage 1 record, whenever it
    was opened (a service request escalated later counts in the period it was received) and
    whatever happened next (withdrawn after Stage 1 opened still counts)."""
    return Count("pk", filter=w.q("received_at") & reached_stage(1))


@measure(table="case", label="Resolved at first contact", decided_by="received_at")
def first_contact(w: Window) -> Aggregate:
    """Complaints and comments received in the period (by `received_at`) that were marked
    resolved at the first point of contact (`resolved_at_first_contact`)."""
    return Count(
        "pk",
        filter=w.q("received_at")
        & Q(resolved_at_first_contact=True)
        & ~Q(kind=FeedbackKind.COMPLIMENT),
    )


WITHDRAWN = Q(state=CaseState.WITHDRAWN)


@measure(table="case", label="Withdrawn at Stage 1", decided_by="closed_at", scope=WITHDRAWN)
def s1_withdrawn(w: Window) -> Aggregate:
    """Cases withdrawn (state "withdrawn") whose `closed_at` falls in the period, that had a
    Stage 1 record and no Stage 2 record (`formal_stage` 1): withdrawn during Stage 1 or after
    its answer."""
    return Count("pk", filter=w.q("closed_at") & WITHDRAWN & Q(formal_stage=1))


@measure(table="case", label="Withdrawn at Stage 2", decided_by="closed_at", scope=WITHDRAWN)
def s2_withdrawn(w: Window) -> Aggregate:
    """Cases withdrawn (state "withdrawn") whose `closed_at` falls in the period that had a
    Stage 2 record (`formal_stage` 2)."""
    return Count("pk", filter=w.q("closed_at") & WITHDRAWN & reached_stage(2))


# ---------------------------------------------------------------- stages (escalation.CaseStage)
# Each is computed separately for Stage 1 and Stage 2; the key gets the prefix s1_ or s2_.


@measure(table="stage", label="received", decided_by="opened_at")
def stage_received(w: Window) -> Aggregate:
    """Stage records whose `opened_at` falls in the period: for Stage 1 the receipt of the
    complaint, for Stage 2 the customer's request for a review."""
    return Count("pk", filter=w.q("opened_at"))


@measure(table="stage", label="answered", decided_by="responded_at")
def stage_answered(w: Window) -> Aggregate:
    """Stage records whose `responded_at` (the full response sent) falls in the period,
    whenever the stage was opened. A stage withdrawn before its response is not answered."""
    return Count("pk", filter=w.q("responded_at"))


@measure(table="stage", label="answered within the deadline", decided_by="responded_at")
def stage_in_time(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) whose `response_met` is true: the
    response was sent on or before `response_due`, the deadline after any extension."""
    return Count("pk", filter=w.q("responded_at") & Q(response_met=True))


@measure(table="stage", label="answered with working days recorded", decided_by="responded_at")
def stage_timed(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) with `working_days_taken` recorded:
    the denominator of the average working days to respond."""
    return Count("working_days_taken", filter=w.q("responded_at"))


@measure(table="stage", label="working days to respond (total)", decided_by="responded_at")
def stage_days(w: Window) -> Aggregate:
    """The sum of `working_days_taken` (working days from the stage's start to the response,
    weekends, bank holidays and closure days excluded) over stages answered in the period."""
    return Sum("working_days_taken", filter=w.q("responded_at"))


@measure(table="stage", label="answered after an extension", decided_by="responded_at")
def stage_extended(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) whose deadline had been extended
    (`extended_at` set), whenever the extension was made."""
    return Count("pk", filter=w.q("responded_at") & Q(extended_at__isnull=False))


MEMBER_ENQUIRY = Q(representative_kind__in=MEMBER_KINDS)
# A subquery, not a join to the cases: the few member enquiries (reporting_case_member_idx) are
# hashed once, where a join read every case row behind the period's stages (a sequential scan of
# all cases once the report's three periods made that many stages).
STAGE_OF_MEMBER_ENQUIRY = Q(case__in=Case.objects.filter(MEMBER_ENQUIRY).values("pk"))


@measure(
    table="case",
    label="Enquiries from councillors and MPs",
    decided_by="received_at",
    scope=MEMBER_ENQUIRY,
)
def member_enquiries(w: Window) -> Aggregate:
    """Cases received in the period (by `received_at`) that a councillor, an MP or a Member of
    the Senedd raised on a constituent's behalf (`representative_kind`), whatever their kind.
    A case a relative or an advocate raised is not one."""
    return Count("pk", filter=w.q("received_at") & MEMBER_ENQUIRY)


@measure(table="stage", label="member enquiries answered", decided_by="responded_at")
def stage_member_answered(w: Window) -> Aggregate:
    """Stages of member enquiries (a councillor's, MP's or MS's, by the case's
    `representative_kind`) answered in the period, by `responded_at`."""
    return Count("pk", filter=w.q("responded_at") & STAGE_OF_MEMBER_ENQUIRY)


@measure(
    table="stage", label="member enquiries answered within the deadline", decided_by="responded_at"
)
def stage_member_in_time(w: Window) -> Aggregate:
    """Stages of member enquiries answered in the period (by `responded_at`) on or before
    their deadline (`response_met`)."""
    return Count("pk", filter=w.q("responded_at") & STAGE_OF_MEMBER_ENQUIRY & Q(response_met=True))


@measure(table="stage", label="upheld", decided_by="responded_at")
def stage_upheld(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) with the decision "upheld"."""
    return Count("pk", filter=w.q("responded_at") & Q(outcome=Outcome.UPHELD))


@measure(table="stage", label="partly upheld", decided_by="responded_at")
def stage_partly(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) with the decision "partly upheld"."""
    return Count("pk", filter=w.q("responded_at") & Q(outcome=Outcome.PARTLY_UPHELD))


@measure(table="stage", label="not upheld", decided_by="responded_at")
def stage_not_upheld(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) with the decision "not upheld"."""
    return Count("pk", filter=w.q("responded_at") & Q(outcome=Outcome.NOT_UPHELD))


@measure(table="stage", label="lessons learned recorded", decided_by="responded_at")
def stage_lessons(w: Window) -> Aggregate:
    """Stages answered in the period (by `responded_at`) whose `lessons_learned` is not empty:
    a service improvement recorded with the response."""
    # `lessons_recorded` is that test, kept by the database (a generated column), so the
    # covering index of answered stages answers it without reading the stage rows.
    return Count("pk", filter=w.q("responded_at") & Q(lessons_recorded=True))


# ---------------------------------------------------------------- remedies (escalation.Remedy)


FINANCIAL = Q(kind=Remedy.Kind.FINANCIAL)
PAID = Q(paid_on__isnull=False)


@measure(
    table="remedy",
    label="Compensation offered (£)",
    decided_by="case_stage__responded_at",
    money=True,
)
def compensation_offered(w: Window) -> Aggregate:
    """The sum of `amount` (the amount offered) of financial-redress remedies (kind
    "financial") in responses sent in the period (the stage's `responded_at`), at Stage 1 or 2,
    whether or not it has been paid yet."""
    return Sum("amount", filter=w.q("case_stage__responded_at") & FINANCIAL)


@measure(table="remedy", label="Compensation offers", decided_by="case_stage__responded_at")
def compensation_offers(w: Window) -> Aggregate:
    """The number of financial-redress remedies (kind "financial") in responses sent in the
    period (the stage's `responded_at`)."""
    return Count("pk", filter=w.q("case_stage__responded_at") & FINANCIAL)


@measure(
    table="remedy",
    label="Compensation paid (£)",
    decided_by="paid_on",
    money=True,
    scope=PAID,
    by_date=True,
)
def compensation(w: Window) -> Aggregate:
    """The sum of `amount_paid` of financial-redress remedies (kind "financial", offered at
    Stage 1 or 2) whose `paid_on` (the date the payment was made, recorded with who approved
    it) falls in the period, whenever the offer was made. Offers not yet paid count nothing;
    Ombudsman-recommended payments are counted by the Ombudsman measures, not here."""
    return Sum("amount_paid", filter=w.q_dates("paid_on") & FINANCIAL & PAID)


@measure(
    table="remedy", label="Compensation payments", decided_by="paid_on", scope=PAID, by_date=True
)
def compensation_payments(w: Window) -> Aggregate:
    """The number of financial-redress remedies (kind "financial") whose `paid_on` falls in the
    period: payments made, not offers."""
    return Count("pk", filter=w.q_dates("paid_on") & FINANCIAL & PAID)


# ---------------------------------------------------------------- triage (escalation.CaseTriage)


@measure(table="triage", label="Not accepted as a complaint", decided_by="decided_at")
def refused(w: Window) -> Aggregate:
    """Triage decisions "not accepted as a complaint" whose `decided_at` falls in the period,
    counted by the refusal reason recorded with the decision (escalation.CaseTriage): each case
    has one triage record, so a case counts once, as it was last triaged."""
    return Count("pk", filter=w.q("decided_at") & Q(outcome=TriageOutcome.NOT_ACCEPTED))


# ---------------------------------------------------------------- chasing (feedback.CaseEvent)
CHASER = Q(is_chaser=True)


@measure(table="event", label="Chasing contacts (failure demand)", decided_by="at", scope=CHASER)
def chasers(w: Window) -> Aggregate:
    """Timeline entries marked `is_chaser` whose `at` falls in the period: an email from the
    customer quoting the reference of a case that was open when it arrived, or a contact an
    officer logged as the customer chasing (seed 003, 4.7: failure demand). Counted by the
    case's service; one case chased three times counts three."""
    return Count("pk", filter=w.q("at") & CHASER)


@measure(table="event", label="Cases chased", decided_by="at", scope=CHASER)
def chased_cases(w: Window) -> Aggregate:
    """Distinct cases with at least one `is_chaser` entry whose `at` falls in the
    period."""
    return Count("case_id", filter=w.q("at") & CHASER, distinct=True)


# ------------------------------------------------------- surveys (surveys.SurveyInvitation)
ANSWERED = Q(answered_at__isnull=False)


@measure(table="survey", label="Satisfaction surveys sent", decided_by="sent_at")
def surveys_sent(w: Window) -> Aggregate:
    """Survey invitations whose `sent_at` (when the customer was first offered the survey about
    that stage, by email or with a letter) falls in the period. A case has at most one
    invitation per stage, however many emails carried its link. Counted by the case's service
    and the channel the case came in by."""
    return Count("pk", filter=w.q("sent_at"))


@measure(table="survey", label="Satisfaction surveys answered", decided_by="sent_at")
def surveys_answered(w: Window) -> Aggregate:
    """Invitations sent in the period (by `sent_at`) that have been answered (`answered_at`
    set), whenever the answer came: the numerator of the response rate."""
    return Count("pk", filter=w.q("sent_at") & ANSWERED)


@measure(table="survey", label="Answered about the outcome", decided_by="sent_at")
def outcome_rated(w: Window) -> Aggregate:
    """Invitations sent in the period (by `sent_at`) whose answer about the outcome is on the
    5-point scale: "prefer not to say" and no answer are left out."""
    return Count("pk", filter=w.q("sent_at") & Q(outcome__in=RATED_SCORES))


@measure(table="survey", label="Satisfied with the outcome", decided_by="sent_at")
def outcome_satisfied(w: Window) -> Aggregate:
    """Invitations sent in the period (by `sent_at`) whose answer about the outcome is "very
    satisfied" or "fairly satisfied"."""
    return Count("pk", filter=w.q("sent_at") & Q(outcome__in=SATISFIED_SCORES))


@measure(table="survey", label="Answered about the handling", decided_by="sent_at")
def handling_rated(w: Window) -> Aggregate:
    """Invitations sent in the period (by `sent_at`) whose answer about how the case was
    handled is on the 5-point scale: "prefer not to say" and no answer are left out."""
    return Count("pk", filter=w.q("sent_at") & Q(handling__in=RATED_SCORES))


@measure(table="survey", label="Satisfied with the handling", decided_by="sent_at")
def handling_satisfied(w: Window) -> Aggregate:
    """Invitations sent in the period (by `sent_at`) whose answer about how the case was
    handled is "very satisfied" or "fairly satisfied"."""
    return Count("pk", filter=w.q("sent_at") & Q(handling__in=SATISFIED_SCORES))


STAGES = (1, 2)


def stage_key(stage: int, key: str) -> str:
    return f"s{stage}_{key.removeprefix('stage_')}"


RATES: dict[str, Rate] = {
    rate.key: rate
    for rate in [
        Rate(
            "formal_rate",
            "% of feedback reaching a formal stage",
            "reached_formal",
            "received",
            "Reached a formal stage ÷ feedback received, both by `received_at` in the period.",
        ),
        Rate(
            "first_contact_rate",
            "First-contact resolution rate (%)",
            "first_contact",
            "resolvable",
            "Complaints and comments resolved at first contact ÷ complaints and comments "
            "received, both by `received_at` in the period.",
        ),
        *[
            Rate(
                f"s{stage}_in_time_rate",
                f"Stage {stage}: % answered within the deadline",
                f"s{stage}_in_time",
                f"s{stage}_answered",
                f"Stage {stage} answered within the deadline ÷ Stage {stage} answered, both by "
                "`responded_at` in the period.",
            )
            for stage in STAGES
        ],
        Rate(
            "member_in_time_rate",
            "Member enquiries: % answered within the deadline (Stage 1)",
            "s1_member_in_time",
            "s1_member_answered",
            "Stage 1 answers to member enquiries within the deadline ÷ Stage 1 answers to "
            "member enquiries, both by `responded_at` in the period. The member's enquiry is "
            "answered at Stage 1; a Stage 2 review is the customer's own request.",
        ),
        *[
            Rate(
                f"s{stage}_average_days",
                f"Stage {stage}: average working days to respond",
                f"s{stage}_days",
                f"s{stage}_timed",
                f"Total working days taken ÷ Stage {stage} responses with working days recorded, "
                "by `responded_at` in the period (a mean, not a percentage).",
            )
            for stage in STAGES
        ],
        Rate(
            "survey_response_rate",
            "Survey response rate (%)",
            "surveys_answered",
            "surveys_sent",
            "Surveys answered ÷ surveys sent, both by the invitation's `sent_at` in the period.",
        ),
        Rate(
            "outcome_satisfied_rate",
            "% satisfied with the outcome",
            "outcome_satisfied",
            "outcome_rated",
            "Satisfied with the outcome ÷ answered about the outcome on the 5-point scale, both "
            "by the invitation's `sent_at` in the period.",
        ),
        Rate(
            "handling_satisfied_rate",
            "% satisfied with how it was handled",
            "handling_satisfied",
            "handling_rated",
            "Satisfied with the handling ÷ answered about the handling on the 5-point scale, "
            "both by the invitation's `sent_at` in the period.",
        ),
    ]
}
PERCENT_RATES = {
    "formal_rate",
    "first_contact_rate",
    "s1_in_time_rate",
    "s2_in_time_rate",
    "survey_response_rate",
    "outcome_satisfied_rate",
    "handling_satisfied_rate",
    "member_in_time_rate",
}

MEDIAN_DEFINITION = (
    "The median of `working_days_taken` over the stages answered in the period (by "
    "`responded_at`): the middle value, or the average of the two middle values when the "
    "count is even (as PostgreSQL's percentile_cont(0.5)). It is worked out from a count, made "
    "in the database, of the answers that took each number of days, so it is the same on "
    "every database."
)

"""Demo data for reporting: compensation payments and customers chasing open cases (seed 003's
measures), and the complaints manager's introduction to the latest half-year Standards
Committee report (the demo loader calls `load`)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from escalation.models import CaseStage, Remedy
from escalation.responses import remedy_payment_record
from feedback import clock
from feedback.models import Organisation, ServiceArea
from feedback.services import case_note_add
from feedback.states import OPEN_STATES
from reporting import periods
from reporting.code import REQUIREMENT_KEYS
from reporting.measures import figures_compute
from reporting.models import ReportIntroduction, ReportKind
from reporting.services import report_introduction_save
from reporting.services_annual import (
    AnswerInput,
    annual_report_publish,
    governing_body_response_save,
    improvement_save,
    self_assessment_save,
)

OPENINGS = [
    "This report sets out how the council handled complaints, comments and compliments "
    "between {start} and {end}.",
    "Members will find below the council's complaint figures for {start} to {end}, with the "
    "previous half year and the same half a year earlier for comparison.",
]
FOCUS = [
    "Most complaints were resolved at Stage 1; the services with the most late responses "
    "have agreed action plans with the complaints team.",
    "The lessons learned recorded this half year have led to changes in how repairs are "
    "booked and how planning applicants are kept informed.",
]


def payments_record(*, organisation: Organisation, rng: random.Random) -> int:
    """Most offers of compensation paid 3-15 days after the response, approved by the
    complaints manager (Helen); about one in six still unpaid."""
    manager = get_user_model().objects.get(username="helen")
    today = clock.today()
    paid = 0
    offers = Remedy.objects.filter(
        organisation=organisation,
        kind=Remedy.Kind.FINANCIAL,
        case_stage__responded_at__isnull=False,
    ).select_related("case_stage__case")
    for remedy in offers.order_by("pk"):
        if rng.random() < 1 / 6:
            continue
        delay = timedelta(days=rng.randint(3, 15))
        responded = remedy.case_stage.responded_at
        if clock.local_date(responded + delay) > today:
            continue
        remedy_payment_record(
            remedy=remedy,
            user=manager,
            amount_paid=remedy.amount,
            paid_on=clock.local_date(responded + delay),
            approved_by=manager,
            now=responded + delay,
        )
        paid += 1
    return paid


CHASES = [
    "Rang to ask when they will get a reply.",
    "Called in at reception asking for an update.",
    "Phoned: has heard nothing since the acknowledgement.",
]


def chases_record(*, organisation: Organisation, rng: random.Random) -> int:
    """About one Stage 1 complaint in eight chased by phone while it waited for its response
    (emails quoting a reference come through the intake mailbox)."""
    officer = get_user_model().objects.get(username="helen")
    now = clock.now()
    chased = 0
    stages = CaseStage.objects.filter(organisation=organisation, stage=1).select_related("case")
    for stage in stages.order_by("pk"):
        if rng.random() >= 1 / 8:
            continue
        case = stage.case
        end = stage.responded_at or (now if case.state in OPEN_STATES else case.closed_at)
        if end is None or end <= stage.opened_at:
            continue
        at = stage.opened_at + (end - stage.opened_at) * rng.uniform(0.5, 0.95)
        case_note_add(case=case, text=rng.choice(CHASES), actor=officer, chasing=True, now=at)
        chased += 1
    return chased


# (service slug, you said, we did)
IMPROVEMENTS = [
    (
        "housing",
        "Repairs were booked but nobody checked they were done.",
        "Every repair is now checked against the repairs log the day after its appointment.",
    ),
    (
        "planning-and-development",
        "Applicants did not know where their application had got to.",
        "Applicants are emailed at each stage of the decision.",
    ),
    (
        "environmental-services",
        "Missed collections were reported more than once before anything happened.",
        "A missed collection is now collected within two working days and the crew told.",
    ),
]
GAPS = {
    "6.1": (
        "partly",
        "Stage 1 responses are checked weekly by the complaints team; late ones are escalated.",
    ),
    "5.2": ("partly", "The Stage 1 and Stage 2 policies will move to the Code's timescales."),
}


def annual_report_load(*, organisation: Organisation, rng: random.Random) -> None:
    """The complaints manager's year: improvements recorded (linked to cases whose responses
    recorded a lesson), the self-assessment answered beside the system's evidence, the
    Standards Committee's response, and the report published."""
    manager = get_user_model().objects.get(username="helen")
    year = periods.latest_complete(clock.today(), kind=periods.PeriodKind.YEAR)
    services = {s.slug: s for s in ServiceArea.objects.filter(organisation=organisation)}
    for number, (slug, lesson, action) in enumerate(IMPROVEMENTS):
        service = services.get(slug)
        if service is None:
            continue
        taught = (
            CaseStage.objects.filter(case__service=service)
            .exclude(lessons_learned="")
            .values_list("case__reference", flat=True)[:3]
        )
        improvement_save(
            organisation=organisation,
            service=service,
            lesson=lesson,
            action=action,
            owner=service.manager or manager,
            status="done",
            done_on=year.start + timedelta(days=60 + 90 * number),
            case_references=list(taught),
            publish=number != 1,
            actor=manager,
        )
    answers = {
        key: AnswerInput(
            evidence=GAPS.get(key, ("", ""))[1]
            or "Set out in the complaints policy and checked "
            "in the complaints team's quarterly audit.",
            complies=GAPS.get(key, ("yes", ""))[0],
            actions_planned="Review in the next policy update." if key in GAPS else "",
        )
        for key in REQUIREMENT_KEYS
    }
    self_assessment_save(organisation=organisation, year=year.start.year, answers=answers)
    governing_body_response_save(
        organisation=organisation,
        year=year.start.year,
        text="The Standards Committee welcomed the report, asked for the Stage 1 timescale to "
        "be brought into line with the Code, and will review progress at its next meeting.",
        responded_on=year.end + timedelta(days=60),
    )
    annual_report_publish(organisation=organisation, year=year.start.year, actor=manager)


def load(*, organisation: Organisation, rng: random.Random) -> ReportIntroduction:
    # The complaints manager (Helen) pays, logs and publishes: only with the demo's officers.
    if get_user_model().objects.filter(username="helen").exists():
        payments_record(organisation=organisation, rng=rng)
        chases_record(organisation=organisation, rng=rng)
        annual_report_load(organisation=organisation, rng=rng)
    period = periods.latest_complete(clock.today(), kind=periods.PeriodKind.HALF)
    council = figures_compute(organisation=organisation, period=period).council
    received = council.get("received", {}).get("current", 0)
    in_time = council.get("s1_in_time_rate", {}).get("current")
    lines = [
        rng.choice(OPENINGS).format(
            start=f"{period.start:%-d %B %Y}", end=f"{period.end:%-d %B %Y}"
        ),
        f"We received {received:,} pieces of feedback in the half year."
        + (f" {in_time:.0f}% of Stage 1 complaints were answered on time." if in_time else ""),
        rng.choice(FOCUS),
    ]
    return report_introduction_save(
        organisation=organisation,
        report_kind=ReportKind.STANDARDS,
        period=period,
        text="\n\n".join(lines),
        updated_by=None,
    )

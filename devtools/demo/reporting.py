"""Demo data for reporting: the complaints manager's introduction to the latest half-year
Standards Committee report (the demo loader calls `load`)."""

import random

from feedback import clock
from feedback.models import Organisation
from reporting import periods
from reporting.measures import figures_compute
from reporting.models import ReportIntroduction, ReportKind
from reporting.services import report_introduction_save

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


def load(*, organisation: Organisation, rng: random.Random) -> ReportIntroduction:
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

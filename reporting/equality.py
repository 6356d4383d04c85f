"""Equality monitoring reports: who gives feedback, about which service, and with what outcome,
by each protected characteristic, strictly suppressed (`reporting.suppression`). The counts
come from `equality.selectors` (grouped counts only: nothing here sees a row of answers)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from equality.characteristics import (
    CHARACTERISTICS,
    Characteristic,
    ethnic_heading,
    report_categories,
)
from equality.selectors import answer_counts, unanswered_counts
from escalation.models import Outcome
from feedback.models import FeedbackKind, Organisation, ServiceArea

from .periods import Period
from .suppression import RULE, SMALL, WITHHELD, suppressed
from .tables import Table

NOT_ANSWERED = "not_answered"
TOTAL = "Total"


@dataclass
class EqualitySection:
    characteristic: Characteristic
    who: Table
    service: Table
    outcome: Table


@dataclass
class EqualityReport:
    period: Period
    answered: int | str  # withheld below 5, like every figure here
    not_answered: int | str
    sections: list[EqualitySection]
    rule: str = RULE


def _pivot(counts, row_keys, column_keys, row_of, column_of) -> list[list[int]]:
    grid = {row: dict.fromkeys(column_keys, 0) for row in row_keys}
    for count in counts:
        row, column = row_of(count), column_of(count)
        if row in grid and column in grid[row]:
            grid[row][column] += count["n"]
    return [[grid[row][column] for column in column_keys] for row in row_keys]


def _table(slug: str, title: str, first: str, labels, columns, counts) -> Table:
    body = suppressed(counts)
    rows = [[label, *values] for label, values in zip([*labels, TOTAL], body, strict=True)]
    return Table(slug=slug, title=title, columns=[first, *columns, TOTAL], rows=rows)


def _section(characteristic: Characteristic, answers, unanswered, services) -> EqualitySection:
    field = characteristic.field
    categories = report_categories(field)
    keys = [key for key, _label in categories]
    labels = [str(label) for _key, label in categories]
    name = str(characteristic.name)

    def answer_of(count):
        value = count["answer"]
        return ethnic_heading(value) if field == "ethnic_group" else value

    kinds = [kind for kind, _label in FeedbackKind.choices]
    who_counts = _pivot(answers, keys, kinds, answer_of, lambda c: c["kind"])
    who_counts.append([sum(c["n"] for c in unanswered if c["kind"] == kind) for kind in kinds])
    who = _table(
        f"equality-{field}-who",
        _("Who gave feedback: %(name)s") % {"name": name},
        name,
        [*labels, _("Did not answer the questions")],
        [str(label) for _kind, label in FeedbackKind.choices],
        who_counts,
    )
    service_ids = [service.pk for service in services]
    service = _table(
        f"equality-{field}-service",
        _("What the feedback was about: %(name)s by service") % {"name": name},
        name,
        labels,
        [service.name for service in services],
        _pivot(answers, keys, service_ids, answer_of, lambda c: c["service_id"]),
    )
    outcomes = [value for value, _label in Outcome.choices]
    complaints = [c for c in answers if c["kind"] == FeedbackKind.COMPLAINT]
    outcome = _table(
        f"equality-{field}-outcome",
        _("Outcome of complaints: %(name)s") % {"name": name},
        name,
        labels,
        [str(label) for _value, label in Outcome.choices],
        _pivot(complaints, keys, outcomes, answer_of, lambda c: c["outcome"]),
    )
    return EqualitySection(characteristic, who, service, outcome)


def equality_report(*, organisation: Organisation, period: Period) -> EqualityReport:
    """Every characteristic's three tables for feedback received in `period`: one grouped
    query for the answers to all nine, one for the feedback nobody answered about, one for
    the services (3 queries)."""
    start, end = period.bounds()
    unanswered = unanswered_counts(organisation=organisation, start=start, end=end)
    services = list(
        ServiceArea.objects.filter(organisation=organisation).order_by("position", "name")
    )
    answers = answer_counts(organisation=organisation, start=start, end=end)
    sections = [
        _section(characteristic, answers[characteristic.field], unanswered, services)
        for characteristic in CHARACTERISTICS
    ]
    # A questionnaire counts once in each characteristic's counts: any one of them totals them.
    answered = sum(count["n"] for count in answers[CHARACTERISTICS[0].field])
    not_answered = sum(count["n"] for count in unanswered)
    return EqualityReport(
        period=period,
        answered=WITHHELD if 0 < answered < SMALL else answered,
        not_answered=WITHHELD if 0 < not_answered < SMALL else not_answered,
        sections=sections,
    )


def equality_for_reader(
    user, *, organisation: Organisation, period: Period
) -> EqualityReport | None:
    """The equality monitoring section of a report, for readers with its own permission only
    (the committee's and the annual report's pages and PDFs)."""
    if not user.has_perm("equality.report_equality"):
        return None
    return equality_report(organisation=organisation, period=period)

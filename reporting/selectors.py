"""Reads: a report is its period, its measures (one `Figures`), the tables built from them and
the complaints manager's introduction."""

import inspect
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from feedback import clock
from feedback.models import Organisation
from ombudsman.measures import ombudsman_measures

from . import periods
from .measures import (
    CASE_MEASURES,
    MEDIAN_DEFINITION,
    RATES,
    REMEDY_MEASURES,
    STAGE_MEASURES,
    TRIAGE_MEASURES,
    Figures,
    figures_compute,
)
from .models import ReportIntroduction, ReportKind
from .periods import Period, PeriodKind
from .tables import Table, public_tables, tables_build

PERIOD_OF_REPORT = {
    ReportKind.STANDARDS: PeriodKind.HALF,
    ReportKind.CABINET: PeriodKind.QUARTER,
    ReportKind.ANNUAL: PeriodKind.YEAR,
}
REPORT_AUDIENCE = {
    ReportKind.STANDARDS: "Standards Committee",
    ReportKind.CABINET: "Cabinet",
    ReportKind.ANNUAL: "Council (Complaint Handling Code annual report)",
    ReportKind.RANGE: "Council officers and members",
}


@dataclass
class Report:
    kind: str
    period: Period
    figures: Figures
    tables: dict[str, Table]
    introduction: ReportIntroduction | None = None
    definitions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{ReportKind(self.kind).label}: {self.period.label}"

    @property
    def audience(self) -> str:
        return REPORT_AUDIENCE[ReportKind(self.kind)]


def period_for_report(*, kind: str, slug: str) -> Period:
    """The period a URL names, or 404 when it is not one, or not one this report covers."""
    try:
        report_kind = ReportKind(kind)
        period = periods.parse(slug)
    except ValueError as error:
        raise Http404(str(error)) from error
    expected = PERIOD_OF_REPORT.get(report_kind)
    if expected and period.kind != expected:
        raise Http404("This report does not cover periods of that length.")
    if (period.end - period.start).days > 3 * 366:
        raise Http404("Choose a period of three years or less.")
    return period


def definitions() -> list[tuple[str, str]]:
    """(label, definition) of every measure, for the "how these figures are counted" section."""
    rows = [(m.label, m.definition) for m in CASE_MEASURES.values()]
    rows += [(f"Stage 1 or 2 {m.label}", m.definition) for m in STAGE_MEASURES.values()]
    rows += [("Median working days to respond", MEDIAN_DEFINITION)]
    rows += [(m.label, m.definition) for m in REMEDY_MEASURES.values()]
    rows += [(m.label, m.definition) for m in TRIAGE_MEASURES.values()]
    rows += [("Ombudsman figures", inspect.cleandoc(ombudsman_measures.__doc__ or ""))]
    rows += [(r.label, r.definition) for r in RATES.values()]
    return rows


def report_get(*, organisation: Organisation, kind: str, period: Period) -> Report:
    figures = figures_compute(organisation=organisation, period=period)
    introduction = ReportIntroduction.objects.filter(
        organisation=organisation,
        report_kind=kind,
        period_start=period.start,
        period_end=period.end,
    ).first()
    return Report(
        kind=kind,
        period=period,
        figures=figures,
        tables=tables_build(figures),
        introduction=introduction,
        definitions=definitions(),
    )


def public_statistics_get(*, organisation: Organisation, period: Period) -> dict[str, Table]:
    """The published tables of a period, kept in the cache for
    PUBLIC_STATISTICS_CACHE_SECONDS: anyone may ask for them, as often as they like, and at a
    million cases they cost seconds of database time."""
    key = f"reporting:public:{organisation.pk}:{period.slug}"
    return cache.get_or_set(
        key,
        lambda: public_tables(figures_compute(organisation=organisation, period=period)),
        timeout=settings.PUBLIC_STATISTICS_CACHE_SECONDS,
    )


def report_choices(*, today: date | None = None) -> dict[str, list[Period]]:
    """The reports offered in the index: recent halves, quarters and financial years."""
    today = today or clock.today()
    return {
        ReportKind.STANDARDS: periods.recent(today, kind=PeriodKind.HALF, count=6),
        ReportKind.CABINET: periods.recent(today, kind=PeriodKind.QUARTER, count=8),
        ReportKind.ANNUAL: periods.recent(today, kind=PeriodKind.YEAR, count=4),
    }


def public_period_choices(*, today: date | None = None) -> list[Period]:
    """Periods offered on the public page: completed halves and quarters, newest first."""
    today = today or clock.today()
    return [
        *periods.recent(today, kind=PeriodKind.HALF, count=4),
        *periods.recent(today, kind=PeriodKind.QUARTER, count=4),
        *periods.recent(today, kind=PeriodKind.YEAR, count=2),
    ]

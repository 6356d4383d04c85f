"""Reads: a report is its period, its measures (one `Figures`), the tables built from them and
the complaints manager's introduction."""

import inspect
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from feedback import clock
from feedback.models import Organisation, ServiceArea
from feedback.selectors import officer_can_see_service, services_visible_to
from ombudsman.measures import ombudsman_measures

from . import periods, targets
from .breakdowns import breakdown_tables
from .measures import (
    CASE_MEASURES,
    EVENT_MEASURES,
    MEDIAN_DEFINITION,
    RATES,
    REMEDY_MEASURES,
    STAGE_MEASURES,
    SURVEY_MEASURES,
    TRIAGE_MEASURES,
    Figures,
    figures_compute,
)
from .models import ReportIntroduction, ReportKind
from .periods import Period, PeriodKind
from .satisfaction import public_satisfaction_table, satisfaction_tables
from .tables import Table, public_tables, tables_build

STATISTICS_PERMISSION = "feedback.view_statistics"
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
    service: ServiceArea | None = None

    @property
    def title(self) -> str:
        title = f"{ReportKind(self.kind).label}: {self.period.label}"
        return f"{self.service.name}: {title}" if self.service else title

    @property
    def audience(self) -> str:
        if self.service is not None:
            return f"Head of service, {self.service.name}"
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
    rows += [(m.label, m.definition) for m in EVENT_MEASURES.values()]
    rows += [(m.label, m.definition) for m in SURVEY_MEASURES.values()]
    rows += [("Targets", inspect.cleandoc(targets.__doc__ or ""))]
    rows += [("Ombudsman figures", inspect.cleandoc(ombudsman_measures.__doc__ or ""))]
    rows += [(r.label, r.definition) for r in RATES.values()]
    return rows


def report_get(
    *,
    organisation: Organisation,
    kind: str,
    period: Period,
    service: ServiceArea | None = None,
) -> Report:
    """A report's figures and tables; with `service`, the same report for that service only
    (its head's report), with no introduction (the complaints manager writes those for the
    council's reports)."""
    figures = figures_compute(organisation=organisation, period=period, service=service)
    introduction = None
    if service is None:
        introduction = ReportIntroduction.objects.filter(
            organisation=organisation,
            report_kind=kind,
            period_start=period.start,
            period_end=period.end,
        ).first()
    tables = tables_build(figures)
    tables.update(
        breakdown_tables(
            figures, targets.targets_get(organisation=organisation, at=period.bounds()[1])
        )
    )
    tables.update(satisfaction_tables(figures))
    if service is not None:
        _service_titles(tables, service)
    return Report(
        kind=kind,
        period=period,
        figures=figures,
        tables=tables,
        introduction=introduction,
        definitions=definitions(),
        service=service,
    )


def _service_titles(tables: dict[str, Table], service: ServiceArea) -> None:
    """A service's report counts that service only: its tables say so, not "whole council"."""
    tables["summary"].title = f"Summary for {service.name}"
    for table in tables.values():
        for row in table.rows:
            if row and row[0] == "Whole council":
                row[0] = f"{service.name} (total)"


def service_may_report(*, user: AbstractBaseUser | AnonymousUser, service: ServiceArea) -> bool:
    """Who reads one service's report: whoever reads the council's reports, the service's
    manager, and the officers who see the service's cases."""
    if not user.is_authenticated:
        return False
    return bool(
        user.has_perm(STATISTICS_PERMISSION)
        or service.manager_id == user.pk
        or officer_can_see_service(user=user, service=service)
    )


def services_for_report(*, user: AbstractBaseUser | AnonymousUser) -> list[ServiceArea]:
    """The services whose report `user` may read."""
    if not user.is_authenticated:
        return []
    if user.has_perm(STATISTICS_PERMISSION):
        return list(ServiceArea.objects.order_by("position", "name"))
    visible = services_visible_to(user).values("pk")
    return list(
        ServiceArea.objects.filter(Q(pk__in=visible) | Q(manager=user))
        .distinct()
        .order_by("position", "name")
    )


def public_statistics_get(*, organisation: Organisation, period: Period) -> dict[str, Table]:
    """The published tables of a period, kept in the cache for
    PUBLIC_STATISTICS_CACHE_SECONDS: anyone may ask for them, as often as they like, and at a
    million cases they cost seconds of database time."""
    # v2: the tables gained customer satisfaction; older cached sets lack it.
    key = f"reporting:public:v2:{organisation.pk}:{period.slug}"
    return cache.get_or_set(
        key,
        lambda: _public_tables(figures_compute(organisation=organisation, period=period)),
        timeout=settings.PUBLIC_STATISTICS_CACHE_SECONDS,
    )


def _public_tables(figures) -> dict[str, Table]:
    tables = public_tables(figures)
    tables["satisfaction"] = public_satisfaction_table(figures)
    return tables


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

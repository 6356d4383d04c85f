"""Writes every report figure for a fixed set of periods and services as JSON, so that two
versions of the reporting code can be compared on the same database (`diff` the two files):
a change meant to make the reports faster must not change one figure.

    manage.py report_figures --out var/figures-main.json
    manage.py report_figures --out var/figures-branch.json
    diff var/figures-main.json var/figures-branch.json && echo identical
"""

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand

from feedback import clock
from feedback.models import Organisation, ServiceArea
from reporting import periods
from reporting.annual import evidence_for_year
from reporting.measures import figures_compute


def _plain(value: Any) -> Any:
    """The figures as JSON: keys as strings, sorted; money as its exact text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=_key)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return f"decimal:{value}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _key(item: tuple[Any, Any]) -> str:
    return repr(item[0])


def report_periods(today: date) -> list[periods.Period]:
    """The periods compared: the last complete half-year, quarter and financial year, the ones
    before them, and date ranges (short, one crossing a year end, one over six months, which
    overlaps the same range a year earlier, and one starting on 29 February)."""
    half = periods.latest_complete(today, kind=periods.PeriodKind.HALF)
    quarter = periods.latest_complete(today, kind=periods.PeriodKind.QUARTER)
    year = periods.latest_complete(today, kind=periods.PeriodKind.YEAR)
    return [
        half,
        half.previous(),
        quarter,
        quarter.previous(),
        year,
        year.previous(),
        periods.date_range(date(today.year - 1, 3, 14), date(today.year - 1, 5, 2)),
        periods.date_range(date(today.year - 2, 11, 20), date(today.year - 1, 1, 9)),
        periods.date_range(date(today.year - 2, 2, 1), date(today.year - 1, 1, 31)),
        periods.date_range(date(2024, 2, 29), date(2024, 7, 31)),
    ]


class Command(BaseCommand):
    help = "Write every report figure for a fixed set of periods and services as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument(
            "--services", type=int, default=3, help="how many services get a report of their own"
        )

    def handle(self, *args, out: str, services: int, **options):
        organisation = Organisation.objects.order_by("pk").first()
        assert organisation is not None, "no organisation"
        chosen = list(ServiceArea.objects.filter(organisation=organisation).order_by("pk"))
        chosen = chosen[:services]
        result: dict[str, Any] = {}
        for period in report_periods(clock.today()):
            for service in [None, *chosen]:
                figures = figures_compute(organisation=organisation, period=period, service=service)
                name = f"{period.slug} {service.pk if service else 'council'}"
                result[name] = _plain(
                    {
                        "periods": {key: p.slug for key, p in figures.periods.items()},
                        "council": figures.council,
                        "by_service": figures.by_service,
                        "by_kind": figures.by_kind,
                        "by_channel": figures.by_channel,
                        "by_category": figures.by_category,
                        "by_ground": figures.by_ground,
                        "by_reason": figures.by_reason,
                        "by_service_ground": figures.by_service_ground,
                        "ombudsman": figures.ombudsman,
                        "names": figures.names,
                    }
                )
                self.stdout.write(f"{name}: {len(json.dumps(result[name]))} characters")
            if period.kind == periods.PeriodKind.YEAR:
                result[f"{period.slug} evidence"] = evidence_for_year(
                    organisation=organisation, period=period
                )
        with open(out, "w") as file:  # noqa: PTH123
            json.dump(result, file, indent=1, sort_keys=True)
        self.stdout.write(f"Wrote {out}")

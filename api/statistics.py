"""The reporting measures of a period as plain JSON data, from reporting's own functions
(`figures_compute`, `definitions`): the API counts nothing itself."""

from datetime import date
from decimal import Decimal
from typing import Any

from feedback.models import Organisation, ServiceArea
from reporting import periods
from reporting.measures import PERIOD_KEYS, RATES, figures_compute
from reporting.selectors import definitions


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _measures(bucket: dict) -> dict[str, dict[str, Any]]:
    # As in the reports' tables: a count with no rows is 0; a rate or median is null (none
    # can be computed from nothing).
    def missing(key: str):
        return None if key in RATES or key.endswith("_median") else 0

    return {
        key: {period: _plain(values.get(period, missing(key))) for period in PERIOD_KEYS}
        for key, values in sorted(bucket.items())
    }


def _period(period: periods.Period) -> dict:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "kind": period.kind,
        "label": period.label,
        "slug": period.slug,
    }


def measures_for_period(*, organisation: Organisation, period: periods.Period) -> dict:
    figures = figures_compute(organisation=organisation, period=period)
    slugs = dict(ServiceArea.objects.filter(organisation=organisation).values_list("pk", "slug"))

    def breakdown(name: str, buckets: dict, key_of=lambda key: key) -> list[dict]:
        names = figures.names.get(name, {})
        return [
            {
                "key": key_of(key),
                "name": names.get(key, "Not recorded" if key is None else str(key)),
                "measures": _measures(bucket),
            }
            for key, bucket in sorted(buckets.items(), key=lambda item: str(item[0]))
        ]

    return {
        "periods": {key: _period(figures.periods[key]) for key in PERIOD_KEYS},
        "council": _measures(figures.council),
        "by_service": breakdown("service", figures.by_service, lambda pk: slugs.get(pk, pk)),
        "by_kind": breakdown("kind", figures.by_kind),
        "by_channel": breakdown("channel", figures.by_channel),
        "by_category": breakdown("category", figures.by_category),
        "by_ground": breakdown("ground", figures.by_ground),
        "by_refusal_reason": breakdown("reason", figures.by_reason),
        "ombudsman": _plain(figures.ombudsman),
        "definitions": [{"label": label, "definition": text} for label, text in definitions()],
    }

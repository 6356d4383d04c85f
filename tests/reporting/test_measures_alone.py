"""Each measure of a report equals its definition counted on its own: the measure's aggregate
for one period over the whole table, with no other condition (so none of the report's query
shaping: three periods in one query, the index ranges it reads, the date conditions left out
of its aggregates because its WHERE already holds them). For the whole council and each
service, in every period of a half-year, a year and a long date range."""

import pytest
from django.db.models import Q

from escalation.models import CaseStage
from feedback.models import Case, ServiceArea
from reporting import periods
from reporting.measures import figures_compute
from reporting.measures.compute import PERIOD_KEYS, SOURCES
from reporting.measures.definitions import MEASURES_BY_TABLE, STAGES, Window, stage_key

pytestmark = pytest.mark.django_db


def measured_alone(organisation, period, service=None) -> dict[str, int]:
    """{figure key: value} of every measure for `period`, one aggregate each."""
    window = Window(*period.bounds())
    found: dict[str, int] = {}
    for table, measures in MEASURES_BY_TABLE.items():
        source = SOURCES[table]
        rows = source.rows(organisation)
        if service is not None:
            rows = rows.filter(**{source.service_field: service})
        for measure in measures.values():
            if table == "stage":
                for stage in STAGES:
                    value = rows.filter(stage=stage).aggregate(v=measure.aggregate(window))["v"]
                    found[stage_key(stage, measure.key)] = value or 0
            else:
                found[measure.key] = rows.aggregate(v=measure.aggregate(window))["v"] or 0
    return found


@pytest.mark.parametrize(
    "slug", ["2025-26-h1", "2025-26", "2025-04-01--2025-12-31", "2024-12-15--2025-01-20"]
)
def test_every_measure_equals_its_definition_counted_alone(organisation, dataset, slug):
    period = periods.parse(slug)
    figures = figures_compute(organisation=organisation, period=period)
    # Every service a case or a stage is recorded against (the others have no rows at all).
    services = ServiceArea.objects.filter(
        Q(pk__in=Case.objects.values("service")) | Q(pk__in=CaseStage.objects.values("service"))
    )
    checked = 0
    for key in PERIOD_KEYS:
        own = figures.periods[key]
        expected = {None: measured_alone(organisation, own)}
        expected |= {s.pk: measured_alone(organisation, own, s) for s in services}
        for service, measures in expected.items():
            bucket = figures.council if service is None else figures.by_service[service]
            for measure, value in measures.items():
                assert (bucket.get(measure, {}).get(key) or 0) == value, (slug, key, service)
                checked += bool(value)
    assert checked  # the period has something to count

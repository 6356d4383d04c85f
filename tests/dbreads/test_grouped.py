"""dbreads/grouped.py: a grouped or aggregated query compiled once and sent with each
call's dates gives what the ORM's values() and aggregate() give for those dates."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Count, F, Max, Sum
from django.test.utils import CaptureQueriesContext

from dbreads.grouped import Grouped
from feedback.models import Case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

MOMENTS = [datetime(2025, month, 3, 9, tzinfo=UTC) for month in range(1, 13)]


@pytest.fixture
def cases(organisation, housing, planning, web_form):
    for n, moment in enumerate(MOMENTS):
        CaseFactory(
            organisation=organisation,
            service=housing if n % 3 else planning,
            channel=web_form,
            kind="complaint" if n % 2 else "comment",
            received_at=moment,
        )


def _by_kind(start: datetime, end: datetime):
    return (
        Case.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("kind", service_name=F("service__name"))
        .annotate(n=Count("pk"), first=Max("received_at"))
        .order_by("kind", "service_name")
    )


def _totals(start: date, end: date):
    return (
        Case.objects.filter(received_at__date__gte=start, received_at__date__lte=end),
        {"n": Count("pk"), "latest": Max("received_at"), "services": Sum("service_id")},
    )


WINDOWS = [
    (MOMENTS[0], MOMENTS[6]),
    (MOMENTS[3], MOMENTS[11]),
    (MOMENTS[5], MOMENTS[5]),
    (datetime(2030, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)),
]


def test_values_rows_are_the_orms_for_every_call(cases):
    grouped = Grouped(Case)
    for start, end in WINDOWS * 2:  # compiled at the first call, kept after
        with CaptureQueriesContext(connection) as ours:
            rows = grouped.values("by kind", _by_kind, start, end)
        with CaptureQueriesContext(connection) as orm:
            expected = list(_by_kind(start, end))
        assert rows == expected
        assert [type(value) for row in rows for value in row.values()] == [
            type(value) for row in expected for value in row.values()
        ]
        assert [q["sql"] for q in ours] == [q["sql"] for q in orm]
    assert grouped._statements[connection.alias, "by kind"] is not None


def test_an_aggregate_is_the_orms_for_every_call(cases):
    grouped = Grouped(Case)
    for start, end in [(w[0].date(), w[1].date()) for w in WINDOWS] * 2:
        with CaptureQueriesContext(connection) as ours:
            row = grouped.aggregate("totals", _totals, start, end)
        queryset, aggregates = _totals(start, end)
        with CaptureQueriesContext(connection) as orm:
            expected = queryset.aggregate(**aggregates)
        assert row == expected
        assert [q["sql"] for q in ours] == [q["sql"] for q in orm]
    assert row == {"n": 0, "latest": None, "services": None}
    assert grouped._statements[connection.alias, "totals"] is not None


def test_a_query_whose_dates_do_not_reach_the_sql_as_given_is_left_to_the_orm(cases):
    def shifted(start: datetime, end: datetime):
        return _by_kind(start + timedelta(days=1), end)

    grouped = Grouped(Case)
    for start, end in WINDOWS:
        assert grouped.values("shifted", shifted, start, end) == list(shifted(start, end))
    assert grouped._statements[connection.alias, "shifted"] is None


def test_a_grouped_queryset_is_not_aggregated_by_the_compiled_path(cases):
    def grouped_totals(start: date, end: date):
        queryset, aggregates = _totals(start, end)
        return queryset.values("kind").annotate(n=Count("pk")), {"most": Max("n")}

    grouped = Grouped(Case)
    start, end = WINDOWS[0][0].date(), WINDOWS[0][1].date()
    queryset, aggregates = grouped_totals(start, end)
    assert grouped.aggregate("grouped", grouped_totals, start, end) == queryset.aggregate(
        **aggregates
    )
    assert grouped._statements[connection.alias, "grouped"] is None


def test_a_queryset_of_models_is_left_to_the_orm(cases):
    def models(start: datetime, end: datetime):
        return Case.objects.filter(received_at__gte=start, received_at__lt=end).order_by("pk")

    grouped = Grouped(Case)
    start, end = WINDOWS[0]
    assert grouped.values("models", models, start, end) == list(models(start, end))
    assert grouped._statements[connection.alias, "models"] is None

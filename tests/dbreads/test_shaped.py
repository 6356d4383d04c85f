"""dbreads/shaped.py: a filtered list's count and rows, compiled once per key and sent with each
call's values, are what the ORM's count() and values() give for those values."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from dbreads.shaped import Shaped
from feedback.models import Case, ServiceArea
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

FIELDS = ("reference", "summary", "received_at", "respond_by", "service_id", "service__name")


@pytest.fixture
def cases(organisation, housing, planning, web_form):
    made = []
    for n in range(9):
        made.append(
            CaseFactory(
                organisation=organisation,
                service=housing if n % 3 else planning,
                channel=web_form,
                summary=["Bins 50% late_ish", "Potholes", "Bins again"][n % 3],
                received_at=datetime(2026, 1, 1 + n, 9, tzinfo=UTC),
                respond_by=date(2026, 2, 1) + timedelta(days=n) if n % 2 else None,
            )
        )
    return made


def _cases(service_id: int, due_from: date, words: str):
    return (
        Case.objects.filter(service_id=service_id, respond_by__gte=due_from)
        .filter(Q(summary__icontains=words) | Q(reference__startswith=words))
        .order_by("-received_at", "-pk")
    )


STAND_INS = ((-1, date(1900, 1, 1), "zq0_%"), (-2, date(1901, 1, 1), "zq1_%"))


def _calls(housing, planning):
    return [
        (housing.pk, date(2026, 1, 1), "bins"),
        (planning.pk, date(2026, 1, 1), "bins"),
        (housing.pk, date(2026, 2, 5), "50% late_"),  # a pattern's special characters, escaped
        (housing.pk, date(2026, 1, 1), "nothing like it"),
        (planning.pk, date(2030, 1, 1), ""),
    ]


def test_the_count_and_rows_are_the_orms_for_every_call(cases, housing, planning):
    shaped = Shaped(Case)
    for values in _calls(housing, planning) * 2:  # compiled at the first call, kept after
        with CaptureQueriesContext(connection) as ours:
            count = shaped.count("list", _cases, values, STAND_INS)
            rows = shaped.values(
                ("list", FIELDS), lambda *v: _cases(*v).values(*FIELDS), values, STAND_INS
            )
        assert count == _cases(*values).count()
        assert rows == list(_cases(*values).values(*FIELDS))
        assert len(ours.captured_queries) == 2 if count else 1  # no rows to read: no query
    assert all(shaped._statements.values()), "both reads are compiled, not left to the ORM"


@pytest.mark.parametrize(("low", "high"), [(0, 2), (1, 3), (2, None), (0, None), (3, 3), (4, 40)])
def test_a_slice_is_the_orms(cases, housing, low, high):
    shaped = Shaped(Case)
    values = (housing.pk, date(2026, 1, 1), "")
    for _ in range(2):
        rows = shaped.values(
            "list", lambda *v: _cases(*v).values(*FIELDS), values, STAND_INS, low=low, high=high
        )
        assert rows == list(_cases(*values).values(*FIELDS)[low:high])


def test_a_value_that_reaches_the_sql_changed_is_left_to_the_orm(cases, housing, planning):
    # A service's id plus one is no way the ORM sends a value as it is: not compiled.
    def shifted(service_id: int, due_from: date, words: str):
        return _cases(service_id - 1, due_from, words)

    shaped = Shaped(Case)
    for service in (housing, planning):
        values = (service.pk + 1, date(2026, 1, 1), "")
        assert shaped.count("shifted", shifted, values, STAND_INS) == shifted(*values).count()
    assert list(shaped._statements.values()) == [None]


def test_a_values_queryset_is_required_for_rows(cases, housing):
    shaped = Shaped(Case)
    values = (housing.pk, date(2026, 1, 1), "")
    rows = shaped.values("models", _cases, values, STAND_INS, low=0, high=2)
    assert [case.pk for case in rows] == [case.pk for case in _cases(*values)[:2]]
    assert list(shaped._statements.values()) == [None]


def test_the_keys_kept_are_bounded(cases, housing):
    shaped = Shaped(Case, limit=3)
    values = (housing.pk, date(2026, 1, 1), "")
    for key in range(7):
        assert shaped.count(key, _cases, values, STAND_INS) == _cases(*values).count()
        assert len(shaped._statements) <= 3


def test_a_model_in_the_values_goes_by_its_id(cases, housing, planning):
    def of_service(service_id: int):
        return Case.objects.filter(service=ServiceArea(pk=service_id))

    shaped = Shaped(Case)
    for service in (housing, planning, housing):
        assert (
            shaped.count("of service", of_service, (service.pk,), ((-5,), (-6,)))
            == Case.objects.filter(service=service).count()
        )
    assert all(shaped._statements.values())

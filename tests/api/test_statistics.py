from datetime import UTC, datetime

import pytest
import time_machine

from tests.factories import CaseFactory

URL = "/api/v1/statistics/measures/"


@pytest.fixture
def cases(organisation, housing, planning, web_form):
    with time_machine.travel(datetime(2026, 12, 1, tzinfo=UTC)):
        for service, received in [
            (housing, datetime(2026, 5, 3, 12, tzinfo=UTC)),
            (housing, datetime(2026, 9, 30, 23, 30, tzinfo=UTC)),  # 00:30 on 1 October in London
            (planning, datetime(2026, 7, 1, 12, tzinfo=UTC)),
            (planning, datetime(2025, 6, 1, 12, tzinfo=UTC)),
        ]:
            CaseFactory(
                organisation=organisation, service=service, channel=web_form, received_at=received
            )


def test_measures_of_a_half_year_with_its_comparisons(as_committee, cases):
    response = as_committee.get(f"{URL}?period=2026-27-h1")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["periods"]["current"]["start"] == "2026-04-01"
    assert body["periods"]["year_earlier"]["slug"] == "2025-26-h1"
    assert body["council"]["received"] == {"current": 2, "previous": 0, "year_earlier": 1}
    by_service = {row["key"]: row["measures"]["received"]["current"] for row in body["by_service"]}
    assert by_service == {"housing": 1, "planning-and-development": 1}
    assert any(d["label"] for d in body["definitions"])


def test_a_date_range(as_manager, cases):
    body = as_manager.get(f"{URL}?start=2026-10-01&end=2026-10-31").json()

    assert body["council"]["received"]["current"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "period"),
        ("?period=2026-h1", "period"),
        ("?start=2026-10-01", "period"),
        ("?start=2026-10-31&end=2026-10-01", "end"),
        ("?start=1990-01-01&end=1990-02-01", "period"),
        ("?start=2020-01-01&end=2026-01-01", "period"),
        ("?start=tomorrow&end=2026-01-01", "start"),
    ],
)
def test_bad_periods_are_field_errors(as_manager, organisation, query, field):
    response = as_manager.get(f"{URL}{query}")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_an_investigating_officer_may_not_read_statistics(as_housing):
    assert as_housing.get(f"{URL}?period=2026-27-h1").status_code == 403


def test_anonymous_gets_401(anonymous):
    assert anonymous.get(f"{URL}?period=2026-27-h1").status_code == 401

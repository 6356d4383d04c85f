from datetime import UTC, date, datetime

import pytest

from reporting import periods
from reporting.periods import Period, PeriodKind


def test_halves_run_april_to_september_and_october_to_march():
    assert periods.half_year(date(2025, 4, 1)) == Period(
        date(2025, 4, 1), date(2025, 9, 30), PeriodKind.HALF
    )
    assert periods.half_year(date(2025, 9, 30)).end == date(2025, 9, 30)
    assert periods.half_year(date(2025, 10, 1)) == Period(
        date(2025, 10, 1), date(2026, 3, 31), PeriodKind.HALF
    )
    assert periods.half_year(date(2026, 3, 31)).start == date(2025, 10, 1)
    assert periods.half_year(date(2026, 1, 15)).slug == "2025-26-h2"


def test_quarters_are_financial_quarters():
    q = periods.quarter(date(2026, 2, 28))
    assert (q.start, q.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert q.slug == "2025-26-q4"
    assert periods.quarter(date(2025, 4, 1)).slug == "2025-26-q1"
    assert periods.quarter(date(2025, 12, 31)).slug == "2025-26-q3"
    assert periods.quarter_number(date(2025, 8, 1)) == 2


def test_financial_year():
    year = periods.financial_year(date(2026, 3, 31))
    assert (year.start, year.end, year.slug) == (date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert year.label == "Financial year 2025/26"


def test_previous_and_year_earlier():
    h2 = periods.parse("2025-26-h2")
    assert h2.previous() == periods.parse("2025-26-h1")
    assert periods.parse("2025-26-h1").previous() == periods.parse("2024-25-h2")
    assert h2.year_earlier() == periods.parse("2024-25-h2")
    assert periods.parse("2025-26-q1").previous() == periods.parse("2024-25-q4")
    assert periods.parse("2024-25").previous() == periods.parse("2023-24")


def test_a_date_range_compares_with_the_same_number_of_days_before():
    chosen = periods.date_range(date(2025, 5, 1), date(2025, 5, 31))
    assert chosen.previous() == periods.date_range(date(2025, 3, 31), date(2025, 4, 30))
    assert chosen.year_earlier() == periods.date_range(date(2024, 5, 1), date(2024, 5, 31))
    leap = periods.date_range(date(2024, 2, 29), date(2024, 2, 29))
    assert leap.year_earlier().start == date(2023, 2, 28)


def test_slugs_round_trip_and_nonsense_is_refused():
    for slug in ("2025-26-h1", "2025-26-h2", "2025-26-q3", "2025-26", "2025-04-01--2025-06-30"):
        assert periods.parse(slug).slug == slug
    for slug in ("2025-27-h1", "2025-26-h3", "2025", "2025-06-30--2025-04-01", "x"):
        with pytest.raises(ValueError, match="(Not a|cannot end)"):
            periods.parse(slug)


def test_bounds_are_local_midnights():
    start, end = periods.parse("2025-26-h1").bounds("Europe/London")
    # 1 April 2025 is in British Summer Time: local midnight is 23:00 UTC the day before.
    assert start.astimezone(UTC) == datetime(2025, 3, 31, 23, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2025, 9, 30, 23, tzinfo=UTC)
    start, end = periods.parse("2025-26-h2").bounds("Europe/London")
    assert start.astimezone(UTC) == datetime(2025, 9, 30, 23, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 31, 23, tzinfo=UTC)
    start, _ = periods.parse("2025-26-q4").bounds("Europe/London")  # GMT in winter
    assert start.astimezone(UTC) == datetime(2026, 1, 1, tzinfo=UTC)


def test_latest_complete_and_recent():
    assert periods.latest_complete(date(2025, 10, 1), kind=PeriodKind.HALF).slug == "2025-26-h1"
    assert periods.latest_complete(date(2025, 9, 30), kind=PeriodKind.HALF).slug == "2024-25-h2"
    assert [p.slug for p in periods.recent(date(2025, 7, 1), kind="quarter", count=3)] == [
        "2025-26-q1",
        "2024-25-q4",
        "2024-25-q3",
    ]


def test_labels():
    assert periods.parse("2025-26-h1").label == (
        "April to September 2025/26 (financial year half 1)"
    )
    assert periods.parse("2025-26-q4").label == (
        "Quarter 4 2025/26 (1 January 2026 to 31 March 2026)"
    )

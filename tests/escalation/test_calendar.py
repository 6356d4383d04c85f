"""The working-day calendar: pure, so no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.calendar import WorkingCalendar, bank_holidays

CLOSURES = frozenset({date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)})
england = WorkingCalendar(nation="ENG", closure_days=CLOSURES)
scotland = WorkingCalendar(nation="SCT")
calendars = st.sampled_from(
    [england, scotland, WorkingCalendar("WLS"), WorkingCalendar("NIR"), WorkingCalendar("ENG")]
)
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=120)


@settings(deadline=None)  # the first call builds the holiday table
@given(calendars, starts, st.integers(min_value=1, max_value=120))
def test_a_deadline_is_never_a_weekend_bank_holiday_or_closure_day(calendar, start, days):
    result = calendar.add_working_days(start, days)
    assert result.weekday() < 5
    assert result not in bank_holidays(calendar.nation)
    assert result not in calendar.closure_days


@settings(deadline=None)  # the first call builds the holiday table
@given(calendars, starts, counts)
def test_adding_n_working_days_then_counting_back_gives_n(calendar, start, days):
    assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


@settings(deadline=None)  # the first call builds the holiday table
@given(calendars, starts, counts, counts)
def test_adding_is_monotonic_in_the_number_of_days(calendar, start, a, b):
    low, high = sorted((a, b))
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start, high)


@settings(deadline=None)  # the first call builds the holiday table
@given(calendars, starts, starts, counts)
def test_adding_is_monotonic_in_the_start_date(calendar, first, second, days):
    early, late = sorted((first, second))
    assert calendar.add_working_days(early, days) <= calendar.add_working_days(late, days)


@settings(max_examples=50, deadline=None)
@given(calendars, starts, st.lists(counts.filter(lambda n: n > 0), min_size=1, max_size=1))
def test_the_batch_gives_what_one_at_a_time_gives(calendar, start, days):
    (n,) = days
    starts_list = [start + timedelta(days=i) for i in range(30)]
    assert calendar.add_working_days_many(starts_list, n) == [
        calendar.add_working_days(s, n) for s in starts_list
    ]


@pytest.mark.parametrize(
    ("calendar", "start", "days", "expected"),
    [
        # Thu 24 Dec 2026 → Christmas Fri 25, Boxing Day observed Mon 28: first working day Tue 29.
        (WorkingCalendar("ENG"), date(2026, 12, 24), 1, date(2026, 12, 29)),
        # New Year's Day Fri 1 Jan 2027: Thu 31 Dec + 1 → Mon 4 Jan.
        (WorkingCalendar("ENG"), date(2026, 12, 31), 1, date(2027, 1, 4)),
        # Scotland: 1 and 2 January are holidays; 2 Jan 2027 is a Saturday so Mon 4 Jan is the
        # substitute day: the first working day after 31 Dec is Tue 5 Jan.
        (WorkingCalendar("SCT"), date(2026, 12, 31), 1, date(2027, 1, 5)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March (England, not Scotland).
        (WorkingCalendar("ENG"), date(2027, 3, 25), 1, date(2027, 3, 30)),
        (WorkingCalendar("SCT"), date(2027, 3, 25), 1, date(2027, 3, 29)),
        # 15 working days from Mon 21 Dec 2026 in England: 14 Jan 2027.
        (WorkingCalendar("ENG"), date(2026, 12, 21), 15, date(2027, 1, 14)),
        # With the council closed on 24, 29 and 30 December: three days later, 19 Jan.
        (england, date(2026, 12, 21), 15, date(2027, 1, 19)),
        # Received on a Saturday: the first working day is the Monday.
        (WorkingCalendar("ENG"), date(2027, 1, 9), 1, date(2027, 1, 11)),
    ],
)
def test_fixed_dates_across_christmas_new_year_and_easter(calendar, start, days, expected):
    assert calendar.add_working_days(start, days) == expected


def test_second_of_january_is_a_holiday_in_scotland_only():
    # In 2026 2 January is a Friday: a holiday in Scotland, a working day in England.
    assert WorkingCalendar("SCT").is_working_day(date(2026, 1, 2)) is False
    assert WorkingCalendar("ENG").is_working_day(date(2026, 1, 2)) is True


def test_working_days_between_counts_across_the_holidays():
    # 21 Dec 2026 to 14 Jan 2027 in England: 15 working days.
    assert WorkingCalendar("ENG").working_days_between(date(2026, 12, 21), date(2027, 1, 14)) == 15
    assert WorkingCalendar("ENG").working_days_between(date(2027, 1, 14), date(2027, 1, 14)) == 0

"""Working-day arithmetic: one pure module, no database and no clock.

A working day is a weekday that is neither a bank holiday of the council's nation nor one of
its closure days. "N working days after D" does not count D itself, so a complaint received on
a Saturday has the following Monday as its first working day.

numpy's business-day functions do the counting: they are vectorised, so deadlines for a
million cases are one call (`add_working_days_many`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np

FIRST_YEAR = 2000
LAST_YEAR = 2060


@lru_cache(maxsize=8)
def bank_holidays(nation: str) -> frozenset[date]:
    """UK bank holidays (with substitute days) of one nation: ENG, WLS, SCT or NIR."""
    return frozenset(
        holidays.country_holidays("GB", subdiv=nation, years=range(FIRST_YEAR, LAST_YEAR + 1))
    )


@dataclass(frozen=True)
class WorkingCalendar:
    nation: str = "ENG"
    closure_days: frozenset[date] = field(default_factory=frozenset)

    @property
    def _busdaycal(self) -> np.busdaycalendar:
        return _numpy_calendar(self.nation, self.closure_days)

    def non_working_days(self) -> frozenset[date]:
        return bank_holidays(self.nation) | self.closure_days

    def is_working_day(self, day: date) -> bool:
        return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=self._busdaycal))

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        if days == 0:
            return start
        result = np.busday_offset(
            np.datetime64(start, "D"), days, roll="backward", busdaycal=self._busdaycal
        )
        return result.astype(date)

    def add_working_days_many(self, starts: Iterable[date], days: int) -> list[date]:
        starts_array = np.array(list(starts), dtype="datetime64[D]")
        if days == 0:
            return starts_array.astype(date).tolist()
        result = np.busday_offset(starts_array, days, roll="backward", busdaycal=self._busdaycal)
        return result.astype(date).tolist()

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative if end < start."""
        return int(
            np.busday_count(
                np.datetime64(start + timedelta(days=1), "D"),
                np.datetime64(end + timedelta(days=1), "D"),
                busdaycal=self._busdaycal,
            )
        )

    def add_days(self, start: date, days: int, *, unit: str) -> date:
        """Add working or calendar days ("working" / "calendar", as in DayUnit)."""
        if unit == "calendar":
            return start + timedelta(days=days)
        return self.add_working_days(start, days)


@lru_cache(maxsize=32)
def _numpy_calendar(nation: str, closure_days: frozenset[date]) -> np.busdaycalendar:
    non_working = sorted(bank_holidays(nation) | closure_days)
    return np.busdaycalendar(
        weekmask="1111100", holidays=np.array(non_working, dtype="datetime64[D]")
    )

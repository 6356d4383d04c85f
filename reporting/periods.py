"""Reporting periods: UK financial-year halves and quarters, whole financial years and any date
range. Pure functions of dates, no database and no clock.

The UK local-government financial year runs from 1 April to 31 March. Halves are April–September
(H1) and October–March (H2); quarters are April–June (Q1) ... January–March (Q4). A period is a
pair of local dates, both inclusive; `bounds()` turns it into aware datetimes in the council's
time zone (settings.TIME_ZONE), so a complaint received at 00:30 on 1 April BST belongs to the
new year, not to 31 March UTC.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


class PeriodKind:
    HALF = "half"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @property
    def fy(self) -> int:
        """The calendar year the financial year of `start` began in (2025 for 2025/26)."""
        return financial_year_start(self.start)

    @property
    def label(self) -> str:
        span = f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"
        fy = f"{self.fy}/{(self.fy + 1) % 100:02d}"
        if self.kind == PeriodKind.HALF:
            half = "April to September" if self.start.month == 4 else "October to March"
            return f"{half} {fy} (financial year half {1 if self.start.month == 4 else 2})"
        if self.kind == PeriodKind.QUARTER:
            return f"Quarter {quarter_number(self.start)} {fy} ({span})"
        if self.kind == PeriodKind.YEAR:
            return f"Financial year {fy}"
        return span

    @property
    def slug(self) -> str:
        """Stable URL form: 2025-26-h1, 2025-26-q3, 2025-26, 2025-04-01--2025-05-31."""
        fy = f"{self.fy}-{(self.fy + 1) % 100:02d}"
        if self.kind == PeriodKind.HALF:
            return f"{fy}-h{1 if self.start.month == 4 else 2}"
        if self.kind == PeriodKind.QUARTER:
            return f"{fy}-q{quarter_number(self.start)}"
        if self.kind == PeriodKind.YEAR:
            return fy
        return f"{self.start.isoformat()}--{self.end.isoformat()}"

    def bounds(self, tz: str | None = None) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: local midnight at the start, and local midnight
        after the last day (exclusive), so every moment of the last day is inside."""
        zone = ZoneInfo(tz or settings.TIME_ZONE)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def previous(self) -> "Period":
        """The period of the same kind just before (for a date range: the same number of days
        immediately before)."""
        if self.kind in (PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.YEAR):
            return period_containing(self.start - timedelta(days=1), kind=self.kind)
        length = (self.end - self.start).days
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=length), end, PeriodKind.RANGE)

    def year_earlier(self) -> "Period":
        """The same period one year earlier (29 February becomes 28 February)."""
        return Period(_year_back(self.start), _year_back(self.end), self.kind)


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def financial_year_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_number(day: date) -> int:
    """Financial quarter 1-4: April-June is 1, January-March is 4."""
    return ((day.month - 4) % 12) // 3 + 1


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def financial_year(day: date) -> Period:
    fy = financial_year_start(day)
    return Period(date(fy, 4, 1), date(fy + 1, 3, 31), PeriodKind.YEAR)


def half_year(day: date) -> Period:
    """April-September or October-March containing `day`."""
    fy = financial_year_start(day)
    if 4 <= day.month <= 9:
        return Period(date(fy, 4, 1), date(fy, 9, 30), PeriodKind.HALF)
    return Period(date(fy, 10, 1), date(fy + 1, 3, 31), PeriodKind.HALF)


def quarter(day: date) -> Period:
    first_month = ((day.month - 1) // 3) * 3 + 1
    return Period(
        date(day.year, first_month, 1),
        _month_end(day.year, first_month + 2),
        PeriodKind.QUARTER,
    )


def date_range(start: date, end: date) -> Period:
    return Period(start, end, PeriodKind.RANGE)


def period_containing(day: date, *, kind: str) -> Period:
    return {
        PeriodKind.HALF: half_year,
        PeriodKind.QUARTER: quarter,
        PeriodKind.YEAR: financial_year,
    }[kind](day)


def latest_complete(today: date, *, kind: str) -> Period:
    """The most recent period of `kind` that has ended before `today`."""
    return period_containing(today, kind=kind).previous()


def recent(today: date, *, kind: str, count: int) -> list[Period]:
    """The last `count` complete periods of `kind`, newest first."""
    periods = [latest_complete(today, kind=kind)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


_FY = r"(?P<fy>\d{4})-(?P<fy2>\d{2})"
_PATTERNS = [
    (re.compile(rf"^{_FY}-h(?P<n>[12])$"), PeriodKind.HALF),
    (re.compile(rf"^{_FY}-q(?P<n>[1-4])$"), PeriodKind.QUARTER),
    (re.compile(rf"^{_FY}$"), PeriodKind.YEAR),
]
_RANGE = re.compile(r"^(?P<a>\d{4}-\d{2}-\d{2})--(?P<b>\d{4}-\d{2}-\d{2})$")


def parse(slug: str) -> Period:
    """The period of a slug made by `Period.slug`; ValueError for anything else."""
    match = _RANGE.match(slug)
    if match:
        return date_range(date.fromisoformat(match["a"]), date.fromisoformat(match["b"]))
    for pattern, kind in _PATTERNS:
        match = pattern.match(slug)
        if not match:
            continue
        fy = int(match["fy"])
        if int(match["fy2"]) != (fy + 1) % 100:
            raise ValueError(f"Not a financial year: {slug}")
        if kind == PeriodKind.YEAR:
            return financial_year(date(fy, 4, 1))
        n = int(match["n"])
        if kind == PeriodKind.HALF:
            return half_year(date(fy, 4, 1) if n == 1 else date(fy, 10, 1))
        month = 4 + (n - 1) * 3
        return quarter(date(fy + (month > 12), (month - 1) % 12 + 1, 1))
    raise ValueError(f"Not a period: {slug}")

"""A stage's deadlines from its policy: pure functions, no database and no clock.

Every function takes the policy (a StagePolicy, read only), the council's WorkingCalendar and
local dates, so the same arithmetic serves a single case, the demo loader and a batch of a
million cases (`response_due_many`).

Rules (DOMAIN.md "Deadlines"):
* "N working days after D" does not count D (WorkingCalendar.add_working_days).
* A deadline in calendar days that lands on a non-working day moves to the next working day:
  nobody can be expected to answer on Christmas Day, and the customer is never told a date
  the council is closed.
* The clock starts at the stage's opening (receipt for Stage 1, the customer's request for
  Stage 2) or, for policies such as the Complaint Handling Code, at the acknowledgement. Until
  the acknowledgement is made the response deadline assumes it is made on its last allowed
  day, the latest date the Code would allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .calendar import WorkingCalendar

if TYPE_CHECKING:
    # For the annotations only: the arithmetic reads a policy, never the database.
    from .models import StagePolicy

WORKING = "working"
CALENDAR = "calendar"
CLOCK_ACKNOWLEDGEMENT = "acknowledgement"


@dataclass(frozen=True)
class StageDeadlines:
    acknowledge_due: date
    response_due: date


def add_days(calendar: WorkingCalendar, start: date, days: int, unit: str) -> date:
    """`days` working or calendar days after `start`, never on a non-working day."""
    if unit == CALENDAR:
        return next_working_day(calendar, calendar.add_days(start, days, unit=CALENDAR))
    return calendar.add_working_days(start, days)


def next_working_day(calendar: WorkingCalendar, day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    rolled = np.busday_offset(np.datetime64(day, "D"), 0, roll="forward", busdaycal=_cal(calendar))
    return rolled.astype(date)


def acknowledgement_due(
    policy: StagePolicy, calendar: WorkingCalendar, opened_on: date, *, electronic: bool
) -> date:
    days = policy.acknowledge_days_electronic if electronic else policy.acknowledge_days_written
    return add_days(calendar, opened_on, days, policy.acknowledge_unit)


def response_due(
    policy: StagePolicy,
    calendar: WorkingCalendar,
    opened_on: date,
    *,
    electronic: bool,
    acknowledged_on: date | None = None,
) -> date:
    if policy.clock_starts == CLOCK_ACKNOWLEDGEMENT:
        start = acknowledged_on or acknowledgement_due(
            policy, calendar, opened_on, electronic=electronic
        )
    else:
        start = opened_on
    return add_days(calendar, start, policy.respond_days, policy.respond_unit)


def stage_deadlines(
    policy: StagePolicy,
    calendar: WorkingCalendar,
    opened_on: date,
    *,
    electronic: bool,
    acknowledged_on: date | None = None,
) -> StageDeadlines:
    """The acknowledgement and response deadlines of a stage opened on `opened_on`."""
    return StageDeadlines(
        acknowledge_due=acknowledgement_due(policy, calendar, opened_on, electronic=electronic),
        response_due=response_due(
            policy, calendar, opened_on, electronic=electronic, acknowledged_on=acknowledged_on
        ),
    )


def extension_limit(policy: StagePolicy, calendar: WorkingCalendar, original_due: date) -> date:
    """The latest date a response deadline may be extended to (from the original deadline)."""
    return add_days(calendar, original_due, policy.max_extension_days, policy.extension_unit)


class WindowLike(Protocol):
    escalation_window_days: int
    escalation_window_unit: str


def escalation_window_end(
    policy: WindowLike, calendar: WorkingCalendar, responded_on: date
) -> date:
    """The last day the customer may ask for the next stage after a response: the one rule for
    the date the lifecycle enforces and the date the Stage 1 letter prints. A calendar-day
    window that ends on a weekend, bank holiday or closure day runs to the next working day."""
    return add_days(
        calendar, responded_on, policy.escalation_window_days, policy.escalation_window_unit
    )


def reminder_date(policy: StagePolicy, calendar: WorkingCalendar, due: date) -> date:
    """The day the assigned officer is reminded: `reminder_working_days` working days before."""
    days = policy.reminder_working_days
    if days <= 0:
        return due
    result = np.busday_offset(
        np.datetime64(due, "D"), -days, roll="forward", busdaycal=_cal(calendar)
    )
    return result.astype(date)


def response_due_many(
    policy: StagePolicy, calendar: WorkingCalendar, opened: Iterable[date], *, electronic: bool
) -> list[date]:
    """Response deadlines for many stages at once (one vectorised numpy call per step)."""
    starts = list(opened)
    if policy.clock_starts == CLOCK_ACKNOWLEDGEMENT:
        days = policy.acknowledge_days_electronic if electronic else policy.acknowledge_days_written
        starts = _add_many(calendar, starts, days, policy.acknowledge_unit)
    return _add_many(calendar, starts, policy.respond_days, policy.respond_unit)


def _add_many(calendar: WorkingCalendar, starts: list[date], days: int, unit: str) -> list[date]:
    array = np.array(starts, dtype="datetime64[D]")
    if unit == CALENDAR:
        shifted = array + np.timedelta64(days, "D")
        result = np.busday_offset(shifted, 0, roll="forward", busdaycal=_cal(calendar))
    elif days == 0:
        result = array
    else:
        result = np.busday_offset(array, days, roll="backward", busdaycal=_cal(calendar))
    return result.astype(date).tolist()


def _cal(calendar: WorkingCalendar) -> np.busdaycalendar:
    return calendar._busdaycal


# --- Comparing a policy with the Complaint Handling Code ----------------------------------


def max_working_days(days: int, unit: str) -> int:
    """The most working days `days` of `unit` can span: N calendar days hold at most
    5 * (N // 7) + min(N % 7, 5) weekdays (28 calendar days: 20 working days)."""
    if unit == WORKING:
        return days
    return 5 * (days // 7) + min(days % 7, 5)


def response_from_receipt_working_days(policy: StagePolicy) -> int:
    """The longest a response may take, in working days counted from the stage's opening."""
    respond = max_working_days(policy.respond_days, policy.respond_unit)
    if policy.clock_starts == CLOCK_ACKNOWLEDGEMENT:
        acknowledge = max(policy.acknowledge_days_electronic, policy.acknowledge_days_written)
        respond += max_working_days(acknowledge, policy.acknowledge_unit)
    return respond


@dataclass(frozen=True)
class Laxity:
    measure: str
    policy_value: str
    code_value: str


def laxer_than(policy: StagePolicy, code: StagePolicy) -> list[Laxity]:
    """Where `policy` gives the council longer than `code` (the Complaint Handling Code)."""
    found = []
    ours = response_from_receipt_working_days(policy)
    theirs = response_from_receipt_working_days(code)
    if ours > theirs:
        found.append(
            Laxity(
                "Response, counted from receipt or request",
                f"up to {ours} working days",
                f"{theirs} working days",
            )
        )
    for label, ours_days in (
        ("Acknowledgement of electronic contact", policy.acknowledge_days_electronic),
        ("Acknowledgement of written contact", policy.acknowledge_days_written),
    ):
        ours_ack = max_working_days(ours_days, policy.acknowledge_unit)
        code_ack = max_working_days(code.acknowledge_days_written, code.acknowledge_unit)
        if ours_ack > code_ack:
            found.append(Laxity(label, f"{ours_ack} working days", f"{code_ack} working days"))
    ours_ext = max_working_days(policy.max_extension_days, policy.extension_unit)
    code_ext = max_working_days(code.max_extension_days, code.extension_unit)
    if ours_ext > code_ext:
        found.append(
            Laxity("Longest extension", f"{ours_ext} working days", f"{code_ext} working days")
        )
    return found

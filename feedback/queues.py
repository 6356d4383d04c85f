"""Work queues: the lists an officer's job needs, each with its count, oldest first.

The core's queues are conditions on `Case` (one home: the dashboard counts them and the case
list filters by them with `?queue=<key>`, so the count and the list always agree). A wing adds
its own queues (letters, the Ombudsman) through `feedback.hooks.dashboard_queues`, as ready
`WorkQueue`s of plain rows, so the core's dashboard never names a wing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q
from django.urls import reverse

from .querysets import due_soon_q, overdue_q
from .states import AWAITING_RESPONSE_STATES, OPEN_STATES, CaseState


@dataclass(frozen=True)
class QueueRow:
    """One line of a queue as the dashboard shows it; a wing fills it from its own model."""

    reference: str
    url: str
    summary: str
    service: str
    status: str
    day: date | None
    is_overdue: bool = False


@dataclass(frozen=True)
class WorkQueue:
    key: str
    title: str
    count: int
    rows: list[QueueRow]
    url: str
    empty: str
    day_heading: str = "Respond by"
    rows_hidden: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows_hidden", max(self.count - len(self.rows), 0))


@dataclass(frozen=True)
class CaseQueue:
    """A queue of cases: who gets it (`permission`, None for every caseworker), which cases
    (`condition(user, today, until)`), and their order (oldest first).

    Every queue holds open cases only (`QUEUED_STATES`): the dashboard counts them among the
    open cases, a few thousand rows by an index, not among every case ever received
    (`tests/feedback/test_officer_dashboard.py` holds each condition to it)."""

    key: str
    title: str
    empty: str
    condition: Callable[[AbstractBaseUser, date, date], Q]
    order: tuple
    permission: str | None = None
    day_heading: str = "Respond by"
    day_field: str = "respond_by"
    # The case list's sort that shows the queue in the same order (feedback.filters.CaseSort).
    list_sort: str = "respond_by"


def _mine(user: AbstractBaseUser, today: date, until: date) -> Q:
    # Waiting for us to act: a Stage 1-responded case waits for the customer, so it leaves.
    return Q(assigned_to=user, state__in=AWAITING_RESPONSE_STATES)


def _awaiting_triage(user: AbstractBaseUser, today: date, until: date) -> Q:
    return Q(state=CaseState.RECEIVED)


def _unassigned(user: AbstractBaseUser, today: date, until: date) -> Q:
    return Q(state__in=AWAITING_RESPONSE_STATES, assigned_to__isnull=True)


def _acknowledgement_due(user: AbstractBaseUser, today: date, until: date) -> Q:
    # Due today, or missed and still not sent: both need doing today.
    return Q(state__in=OPEN_STATES, acknowledged_at__isnull=True, acknowledge_by__lte=today)


def _stage2_waiting(user: AbstractBaseUser, today: date, until: date) -> Q:
    # A customer's Stage 2 request arrives with no reviewer (escalation.effects.stage2_open).
    return Q(state=CaseState.STAGE2, assigned_to__isnull=True)


def _due_soon(user: AbstractBaseUser, today: date, until: date) -> Q:
    return due_soon_q(today, until)


def _overdue(user: AbstractBaseUser, today: date, until: date) -> Q:
    return overdue_q(today)


QUEUED_STATES = OPEN_STATES

BY_DEADLINE = (F("respond_by").asc(nulls_last=True), "received_at", "pk")
BY_RECEIPT = ("received_at", "pk")

CASE_QUEUES: tuple[CaseQueue, ...] = (
    CaseQueue(
        "mine",
        "My open cases",
        "No cases assigned to you are waiting for a response.",
        _mine,
        BY_DEADLINE,
    ),
    CaseQueue(
        "triage",
        "New, awaiting triage",
        "Nothing is waiting for triage.",
        _awaiting_triage,
        BY_RECEIPT,
        permission="feedback.triage_case",
        day_heading="Received",
        day_field="received_at",
        list_sort="received",
    ),
    CaseQueue(
        "unassigned",
        "Unassigned",
        "Every open case has an officer.",
        _unassigned,
        BY_RECEIPT,
        permission="feedback.assign_case",
        day_heading="Received",
        day_field="received_at",
        list_sort="received",
    ),
    CaseQueue(
        "acknowledgement_due",
        "Acknowledgement due today",
        "No acknowledgement is due.",
        _acknowledgement_due,
        (F("acknowledge_by").asc(), "received_at", "pk"),
        permission="feedback.triage_case",
        day_heading="Acknowledge by",
        day_field="acknowledge_by",
        list_sort="received",
    ),
    CaseQueue(
        "stage2_waiting",
        "Stage 2 requests waiting for a reviewer",
        "No Stage 2 request is waiting for a reviewer.",
        _stage2_waiting,
        BY_DEADLINE,
        permission="feedback.review_case",
    ),
    CaseQueue("due_soon", "Due soon", "Nothing is due soon.", _due_soon, BY_DEADLINE),
    CaseQueue("overdue", "Overdue", "Nothing is overdue.", _overdue, BY_DEADLINE),
)
CASE_QUEUES_BY_KEY = {queue.key: queue for queue in CASE_QUEUES}


def case_queues_for(user: AbstractBaseUser) -> list[CaseQueue]:
    return [q for q in CASE_QUEUES if q.permission is None or user.has_perm(q.permission)]


def case_queue_url(queue: CaseQueue) -> str:
    return f"{reverse('officer:case_list')}?queue={queue.key}&sort={queue.list_sort}"

"""The letters' work queues on the officer's dashboard (feedback.hooks.dashboard_queues):
letters awaiting a manager's approval (for managers who may approve), letters drafted but not
sent, and emailed letters that failed to deliver. Oldest first; two queries each (the count and
the first rows), whatever the number of letters."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse

from feedback.queues import QueueRow, WorkQueue
from feedback.selectors import DASHBOARD_LIST_SIZE, cases_visible_to, user_can_see_cases
from feedback.states import OPEN_STATES

from .models import APPROVE_PERMISSION, Letter
from .selectors import deliveries_failing


def _row(letter: Letter, day: date | None, *, is_overdue: bool = False) -> QueueRow:
    return QueueRow(
        reference=letter.case.reference,
        url=reverse("letters:detail", args=[letter.pk]),
        summary=f"{letter.get_kind_display()}: {letter.case.summary}",
        service=letter.case.service.name,
        status=letter.case.get_state_display(),
        day=day,
        is_overdue=is_overdue,
    )


def _approval_queue(*, user: AbstractBaseUser, today: date) -> list[WorkQueue]:
    """The letters a manager may approve: the deadline shows, so the clock visibly runs."""
    if not user.has_perm(APPROVE_PERMISSION):
        return []
    waiting = (
        Letter.objects.filter(
            status=Letter.Status.AWAITING_APPROVAL,
            case__in=cases_visible_to(user),
            case__state__in=OPEN_STATES,
        )
        # A manager never approves their own letter: it waits for another.
        .exclude(Q(created_by=user) | Q(submitted_by=user))
        .select_related("case", "case__service")
    )
    first = waiting.order_by("submitted_at", "pk")[:DASHBOARD_LIST_SIZE]
    rows = [
        _row(
            letter,
            letter.case.respond_by,
            is_overdue=letter.case.respond_by is not None and letter.case.respond_by < today,
        )
        for letter in first
    ]
    return [
        WorkQueue(
            key="letters_approval",
            title="Letters awaiting approval",
            count=waiting.count(),
            rows=rows,
            url="",
            empty="No letter is waiting for your approval.",
            day_heading="Respond by",
        )
    ]


def letter_queues(*, user: AbstractBaseUser, today: date) -> list[WorkQueue]:
    if not user_can_see_cases(user):
        return []
    # A draft on a closed case will never go: it is not work waiting.
    drafts = Letter.objects.filter(
        status__in=[Letter.Status.DRAFT, Letter.Status.APPROVED],
        case__in=cases_visible_to(user),
        case__state__in=OPEN_STATES,
    ).select_related("case", "case__service")
    failing = deliveries_failing(user=user).select_related("letter__case__service")
    first_drafts = drafts.order_by("created_at", "pk")[:DASHBOARD_LIST_SIZE]
    first_failing = failing.order_by("created_at", "pk")[:DASHBOARD_LIST_SIZE]
    return [
        *_approval_queue(user=user, today=today),
        WorkQueue(
            key="letters_draft",
            title="Letters drafted but not sent",
            count=drafts.count(),
            rows=[_row(letter, letter.created_at.date()) for letter in first_drafts],
            url="",
            empty="No letter is waiting to be sent.",
            day_heading="Drafted",
        ),
        WorkQueue(
            key="letters_failed",
            title="Letters that failed to deliver",
            count=failing.count(),
            rows=[_row(d.letter, d.created_at.date()) for d in first_failing],
            url=reverse("letters:failed"),
            empty="Every emailed letter was delivered.",
            day_heading="Sent",
        ),
    ]

"""The letters' work queues on the officer's dashboard (feedback.hooks.dashboard_queues):
letters drafted but not sent, and emailed letters that failed to deliver. Oldest first; two
queries each (the count and the first rows), whatever the number of letters."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from feedback.queues import QueueRow, WorkQueue
from feedback.selectors import DASHBOARD_LIST_SIZE, cases_visible_to, user_can_see_cases
from feedback.states import OPEN_STATES

from .models import Letter
from .selectors import deliveries_failing


def _row(letter: Letter, day: date | None) -> QueueRow:
    return QueueRow(
        reference=letter.case.reference,
        url=reverse("letters:detail", args=[letter.pk]),
        summary=f"{letter.get_kind_display()}: {letter.case.summary}",
        service=letter.case.service.name,
        status=letter.case.get_state_display(),
        day=day,
    )


def letter_queues(*, user: AbstractBaseUser, today: date) -> list[WorkQueue]:
    if not user_can_see_cases(user):
        return []
    # A draft on a closed case will never go: it is not work waiting.
    drafts = Letter.objects.filter(
        status=Letter.Status.DRAFT,
        case__in=cases_visible_to(user),
        case__state__in=OPEN_STATES,
    ).select_related("case", "case__service")
    failing = deliveries_failing(user=user).select_related("letter__case__service")
    first_drafts = drafts.order_by("created_at", "pk")[:DASHBOARD_LIST_SIZE]
    first_failing = failing.order_by("created_at", "pk")[:DASHBOARD_LIST_SIZE]
    return [
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

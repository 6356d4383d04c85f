"""The Ombudsman's work queue on the officer's dashboard (feedback.hooks.dashboard_queues):
open Ombudsman cases by their next deadline, the earliest first; two queries."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from feedback.queues import QueueRow, WorkQueue
from feedback.selectors import DASHBOARD_LIST_SIZE

from .models import OPEN_OMBUDSMAN_STATES, OmbudsmanCase
from .selectors import ombudsman_cases_visible_to, user_can_see_ombudsman_cases


def _row(ombudsman_case: OmbudsmanCase, today: date) -> QueueRow:
    return QueueRow(
        reference=ombudsman_case.ombudsman_reference,
        url=reverse("ombudsman:detail", args=[ombudsman_case.pk]),
        summary=ombudsman_case.summary,
        service=ombudsman_case.service.name,
        status=ombudsman_case.get_state_display(),
        day=ombudsman_case.next_due,
        is_overdue=ombudsman_case.next_due is not None and ombudsman_case.next_due < today,
    )


def ombudsman_queues(*, user: AbstractBaseUser, today: date) -> list[WorkQueue]:
    if not user_can_see_ombudsman_cases(user):
        return []
    running = ombudsman_cases_visible_to(user).filter(
        state__in=OPEN_OMBUDSMAN_STATES, next_due__isnull=False
    )
    first = running.select_related("service").order_by("next_due", "pk")[:DASHBOARD_LIST_SIZE]
    return [
        WorkQueue(
            key="ombudsman_deadlines",
            title="Ombudsman deadlines",
            count=running.count(),
            rows=[_row(ombudsman_case, today) for ombudsman_case in first],
            url=reverse("ombudsman:list"),
            empty="No Ombudsman deadline is running.",
            day_heading="Next deadline",
        )
    ]

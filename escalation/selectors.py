"""Reads about the lifecycle: the council's calendar, the policy in force, what a user may do."""

import copy
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q

from feedback import clock
from feedback.models import Case, Organisation
from feedback.reference import reference_read
from feedback.states import OPEN_STATES, CaseState

from . import deadlines
from .calendar import WorkingCalendar
from .models import CaseStage, ClosureDay, Stage, StagePolicy


def calendar_for(organisation: Organisation) -> WorkingCalendar:
    """The council's working-day calendar: its nation's bank holidays and its closure days,
    kept per process until its reference data changes (feedback.reference)."""
    return reference_read(
        organisation,
        "calendar",
        lambda: WorkingCalendar(
            nation=organisation.nation,
            closure_days=frozenset(
                ClosureDay.objects.filter(organisation=organisation).values_list("date", flat=True)
            ),
        ),
    )


def _policies(organisation: Organisation) -> list[StagePolicy]:
    return reference_read(
        organisation,
        "stage_policies",
        lambda: list(
            StagePolicy.objects.filter(organisation=organisation).order_by("effective_from", "pk")
        ),
    )


def policy_in_force(*, organisation: Organisation, stage: int, at: datetime) -> StagePolicy | None:
    """The policy of a stage that applied at `at`: the newest with `effective_from <= at`.

    A case received before the first policy (a back-dated case) gets the earliest policy. A
    copy: the kept row is shared by later requests, and a form may write to its instance.
    """
    policies = [policy for policy in _policies(organisation) if policy.stage == stage]
    started = [policy for policy in policies if policy.effective_from <= at]
    chosen = started[-1] if started else (policies[0] if policies else None)
    return copy.copy(chosen) if chosen is not None else None


def policies_active(*, organisation: Organisation, now: datetime | None = None) -> dict:
    """{stage: policy} in force now."""
    now = now or clock.now()
    return {
        stage: policy_in_force(organisation=organisation, stage=stage, at=now)
        for stage in Stage.values
    }


@dataclass(frozen=True)
class PolicyComparison:
    stage: int
    policy: StagePolicy | None
    laxer: list[deadlines.Laxity]


def policies_compared_with_code(
    *, organisation: Organisation, now: datetime | None = None
) -> list[PolicyComparison]:
    """Each active stage policy and where it is laxer than the Complaint Handling Code."""
    from .defaults import CODE_POLICIES

    result = []
    for stage, policy in policies_active(organisation=organisation, now=now).items():
        code = StagePolicy(stage=stage, **CODE_POLICIES[stage])
        laxer = deadlines.laxer_than(policy, code) if policy is not None else []
        result.append(PolicyComparison(stage=stage, policy=policy, laxer=laxer))
    return result


def closure_days_list(*, organisation: Organisation, since: date | None = None):
    days = ClosureDay.objects.filter(organisation=organisation)
    if since is not None:
        days = days.filter(date__gte=since)
    return days.order_by("date")


def case_stage_current(*, case: Case) -> CaseStage | None:
    """The stage now running or last run (Stage 2 once it exists)."""
    return CaseStage.objects.filter(case=case).order_by("-stage").first()


def case_stages(*, case: Case, today: date) -> list[CaseStage]:
    """The case's stages, each flagged `is_overdue`: no verdict on its response yet and the
    response date before `today`."""
    return list(
        CaseStage.objects.filter(case=case)
        .select_related("policy", "handler")
        .annotate(
            is_overdue=models.Case(
                models.When(Q(response_met__isnull=True, response_due__lt=today), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )
        .prefetch_related("remedies__payment_approved_by", "actions__owner", "extensions")
        .order_by("stage")
    )


def stage1_answerers(*, case: Case) -> set[int]:
    """Who handled or answered Stage 1: the officer it was given to, whoever recorded its
    response and whoever sent it."""
    row = (
        CaseStage.objects.filter(case=case, stage=Stage.STAGE1)
        .values_list("handler_id", "response_recorded_by_id", "responded_by_id")
        .first()
    )
    return {pk for pk in row or () if pk is not None}


def stage2_reviewer_refusal(*, case: Case, user: AbstractBaseUser | AnonymousUser) -> str:
    """Why `user` may not take a Stage 2 step on `case` ("" when they may). The Complaint
    Handling Code (6.1): Stage 2 is handled by someone other than whoever answered Stage 1.
    Every Stage 2 step asks this: its response, its letter and its transition."""
    if user.pk is not None and user.pk in stage1_answerers(case=case):
        return "Stage 2 must be reviewed by someone other than whoever handled or answered Stage 1."
    return ""


def withdrawable(case: Case) -> bool:
    """Whether the customer may withdraw it from their progress page."""
    return case.kind == "complaint" and case.state in OPEN_STATES


def escalation_window(*, case: Case, now: datetime | None = None) -> dict:
    """Whether the customer may still ask for Stage 2, and until when."""
    now = now or clock.now()
    stage1 = CaseStage.objects.filter(case=case, stage=Stage.STAGE1).first()
    until = stage1.escalation_until if stage1 else None
    is_open = (
        case.state == CaseState.STAGE1_RESPONDED
        and until is not None
        and clock.local_date(now) <= until
    )
    return {"open": is_open, "until": until, "stage1": stage1}


def previous_stage(*, case_stage: CaseStage) -> CaseStage | None:
    """The stage before this one (Stage 1 for a Stage 2 review), with its actions, for the
    response page: the decision under review and what it still owes the customer."""
    if case_stage.stage < 2:
        return None
    return (
        CaseStage.objects.filter(case_id=case_stage.case_id, stage=case_stage.stage - 1)
        .select_related("handler")
        .prefetch_related("actions__owner")
        .first()
    )

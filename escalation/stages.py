"""Opening and answering a formal stage. Called inside a transition's transaction by
escalation.services and escalation.effects; not an API of their own."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from feedback import clock
from feedback.models import Case, Organisation

from . import deadlines
from .defaults import SEED_POLICIES, policies_load
from .models import CaseStage, StagePolicy
from .selectors import calendar_for, policy_in_force


def policy_for(*, organisation: Organisation, stage: int, at: datetime) -> StagePolicy:
    """The policy in force at `at`. A council with no policy at all (a bare test database)
    gets the seed defaults, effective from `at`, rather than a case with no deadline."""
    policy = policy_in_force(organisation=organisation, stage=stage, at=at)
    if policy is None:
        policies_load(organisation=organisation, policies=SEED_POLICIES, effective_from=at)
        policy = policy_in_force(organisation=organisation, stage=stage, at=at)
    return policy


def stage_open(
    *,
    case: Case,
    stage: int,
    opened_at: datetime,
    acknowledged_at: datetime | None,
    handler: AbstractBaseUser | None = None,
    request_reason: str = "",
    policy_at: datetime | None = None,
) -> CaseStage:
    """Create the stage with the deadlines its policy gives it, and copy them and the stage
    reached (`formal_stage`) to the case (the caller saves the case). The stage keeps these
    dates whatever the policy later becomes."""
    organisation = case.organisation
    policy = policy_for(organisation=organisation, stage=stage, at=policy_at or opened_at)
    calendar = calendar_for(organisation)
    opened_on = clock.local_date(opened_at)
    acknowledged_on = clock.local_date(acknowledged_at) if acknowledged_at else None
    due = deadlines.stage_deadlines(
        policy,
        calendar,
        opened_on,
        electronic=case.channel.is_electronic,
        acknowledged_on=acknowledged_on,
    )
    case_stage = CaseStage.objects.create(
        organisation=organisation,
        case=case,
        stage=stage,
        service_id=case.service_id,
        channel_id=case.channel_id,
        policy=policy,
        handler=handler,
        opened_at=opened_at,
        request_reason=request_reason,
        acknowledge_due=due.acknowledge_due,
        acknowledged_at=acknowledged_at,
        acknowledgement_met=(acknowledged_on <= due.acknowledge_due) if acknowledged_on else None,
        response_due_original=due.response_due,
        response_due=due.response_due,
    )
    case.acknowledge_by = due.acknowledge_due
    case.respond_by = due.response_due
    case.overdue_since = None
    case.formal_stage = max(case.formal_stage, stage)
    if acknowledged_at and case.acknowledged_at is None:
        case.acknowledged_at = acknowledged_at
    return case_stage


def stage_answer(
    *, case: Case, stage: int, responder: AbstractBaseUser | None, now: datetime
) -> CaseStage:
    """Record that the stage's response went: when, in how many working days, whether on
    time, and (Stage 1) until when the customer may ask for Stage 2."""
    case_stage = CaseStage.objects.select_related("policy").get(case=case, stage=stage)
    calendar = calendar_for(case.organisation)
    responded_on = clock.local_date(now)
    case_stage.responded_at = now
    case_stage.responded_by = responder
    if case_stage.handler_id is None and responder is not None:
        case_stage.handler = responder
    case_stage.working_days_taken = max(
        0, calendar.working_days_between(clock.local_date(case_stage.opened_at), responded_on)
    )
    case_stage.response_met = responded_on <= case_stage.response_due
    if stage == 1:
        case_stage.escalation_until = deadlines.escalation_window_end(
            case_stage.policy, calendar, responded_on
        )
    case_stage.save()
    # No response deadline runs until the next stage opens: lists, the dashboard and the
    # customer's "we will respond by" stop showing one. The stage keeps its dates.
    case.respond_by = None
    return case_stage


def stage_running(case: Case) -> CaseStage | None:
    """The formal stage awaiting its response, if any."""
    return (
        CaseStage.objects.select_related("policy")
        .filter(case=case, responded_at__isnull=True)
        .order_by("-stage")
        .first()
    )

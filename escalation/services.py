"""Writes of the lifecycle. Views, tasks, the API, the demo loader and the other apps call
these; each is atomic and leaves a timeline entry.

Signatures other apps rely on (docs/architecture.md):
* `deadlines_on_receipt(*, case, now=None)`
* `case_transition(*, case, name, user, reason="", data=None, now=None)`
* `customer_stage2_request(*, case, reason, now=None)`, `customer_withdraw(*, case, reason="",
  now=None)`
* `stage_response_record(...)`, `stage_deadline_extend(...)` (in escalation.responses)
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from feedback import clock
from feedback.models import Case, CaseEvent, ProgressLink
from feedback.progress import progress_links_end
from feedback.selectors import cases_visible_to
from feedback.services import case_create, event_record
from feedback.states import CaseState
from feedback.transitions import (
    Machine,
    Step,
    TransitionInvalid,
    TransitionNotAllowed,
    TransitionNotPermitted,
    transition_run,
)

from . import deadlines, hooks
from .defaults import CODE_POLICIES, policies_load
from .lifecycle import as_lifecycle
from .models import ClosureDay, StagePolicy
from .selectors import calendar_for
from .stages import policy_for


def deadlines_on_receipt(*, case: Case, now: datetime | None = None) -> Case:
    """Give a newly received case its acknowledgement and response deadlines from the Stage 1
    policy in force when it was received. Registered on `feedback.hooks.case_received`, so it
    runs in `case_create`'s transaction before the case is inserted: it sets the dates and the
    insert stores them. A complaint's Stage 1 (with its own record of these dates) opens at
    triage; until then these are the dates the triage team works to."""
    policy = policy_for(organisation=case.organisation, stage=1, at=case.received_at)
    calendar = calendar_for(case.organisation)
    due = deadlines.stage_deadlines(
        policy,
        calendar,
        clock.local_date(case.received_at),
        electronic=case.channel.is_electronic,
    )
    case.acknowledge_by = due.acknowledge_due
    case.respond_by = due.response_due
    return case


def _timeline_write(
    case, *, name, step: Step, actor, actor_label, reason, detail, from_state, now
) -> None:
    """The audit entry (who, when, from, to, why). An officer's reason can hold things the
    customer must not read, so it stays internal and the customer's progress page gets a
    separate milestone with no detail; the customer's own reason is theirs to see."""
    by_customer = actor is None and actor_label == "Customer"
    event_record(
        case=case,
        kind=CaseEvent.Kind.TRANSITION,
        summary=step.summary,
        actor=actor,
        actor_label=actor_label,
        detail=reason,
        from_state=from_state,
        to_state=case.state,
        is_internal=not by_customer,
        at=now,
    )
    if not by_customer and not step.internal:
        event_record(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            summary=step.summary,
            actor_label=case.organisation.complaints_team_name,
            is_internal=False,
            at=now,
        )


def _links_end_with_case(case: Case, *, actor, now) -> None:
    # A closed or withdrawn case's progress links stop working; the customer can ask again.
    if not case.is_open:
        progress_links_end(case=case, because=ProgressLink.Ending.CASE_ENDED, now=now)


def _after_transition(case: Case, *, actor, now) -> None:
    _links_end_with_case(case, actor=actor, now=now)
    hooks.case_transitioned(case=case, now=now)


CASES = Machine(
    state_label=lambda state: CaseState(state).label,
    timeline=_timeline_write,
    after=_after_transition,
)


def case_transition(
    *,
    case: Case,
    name: str,
    user: AbstractBaseUser | AnonymousUser,
    reason: str = "",
    data: dict | None = None,
    now: datetime | None = None,
) -> Case:
    """Move `case` by the transition `name` (declared in escalation.lifecycle) for an officer.

    Checks the case is one the user may see, the state, the permission, the data (`data`
    keys per transition: `refusal_reason`, `forwarded_to`, `request_reason`, `handler`) and
    the conditions; then in one transaction changes the state, writes what the transition
    implies (stages, deadlines, emails) and the timeline entry with who, when and `reason`.
    Raises a TransitionError subclass with a message for the user; nothing is saved then.
    """
    if user is None or not user.is_authenticated:
        raise TransitionNotPermitted("Sign in to change a case.")
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise TransitionNotPermitted("You are not allowed to change this case.")
    transition_run(
        obj=as_lifecycle(case),
        name=name,
        machine=CASES,
        actor=user,
        check_permission=True,
        reason=reason,
        data=data,
        now=now or clock.now(),
    )
    return case


def _customer_transition(*, case: Case, name: str, reason: str, data: dict, now) -> Case:
    # The caller has checked the customer's progress link: that is their permission.
    transition_run(
        obj=as_lifecycle(case),
        name=name,
        machine=CASES,
        actor=None,
        actor_label="Customer",
        check_permission=False,
        reason=reason,
        data=data,
        now=now or clock.now(),
    )
    return case


def customer_stage2_request(*, case: Case, reason: str, now: datetime | None = None) -> Case:
    """The customer asks for a Stage 2 review from their progress page (token checked by the
    view). Allowed only within the escalation window the Stage 1 policy sets."""
    return _customer_transition(
        case=case,
        name="stage2_escalate",
        reason=reason,
        data={"request_reason": reason},
        now=now,
    )


def customer_withdraw(*, case: Case, reason: str = "", now: datetime | None = None) -> Case:
    """The customer withdraws their complaint from their progress page."""
    return _customer_transition(
        case=case,
        name="withdraw",
        reason=reason or "Withdrawn by the customer online",
        data={},
        now=now,
    )


@transaction.atomic
def complaint_open_from_service_request(
    *,
    service_request: Case,
    user: User,
    summary: str,
    description: str,
    now: datetime | None = None,
) -> Case:
    """The customer complains while their service request is still open: a new complaint,
    linked to the request, accepted straight into Stage 1 (its clock starts now). The service
    request stays open and carries on."""
    now = now or clock.now()
    if service_request.state != CaseState.SERVICE_REQUEST:
        raise TransitionNotAllowed(
            "A complaint can be raised here only from an open service request."
        )
    if not user.has_perm("feedback.triage_case"):
        raise TransitionNotPermitted("You are not allowed to open a complaint.")
    errors = {}
    if not summary.strip():
        errors["summary"] = "Enter a summary of the complaint"
    if not description.strip():
        errors["description"] = "Enter what the customer is complaining about"
    if errors:
        raise TransitionInvalid("The complaint was not opened.", field_errors=errors)
    complaint = case_create(
        organisation=service_request.organisation,
        kind=service_request.kind,
        service=service_request.service,
        channel=service_request.channel,
        category=service_request.category,
        ground=service_request.ground,
        customer=service_request.customer,
        summary=summary.strip(),
        description=description.strip(),
        received_at=now,
        created_by=user,
        now=now,
    )
    complaint.related_case = service_request
    complaint.save(update_fields=["related_case", "updated_at"])
    case_transition(
        case=complaint,
        name="triage_complaint",
        user=user,
        reason=f"Complaint raised while service request {service_request.reference} was open",
        now=now,
    )
    event_record(
        case=service_request,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Complaint {complaint.reference} raised about this service request",
        actor=user,
        at=now,
    )
    return complaint


# --- Policies and closure days (complaints manager) -------------------------------------


def _require_policy_manager(user: User) -> None:
    if not (user.is_authenticated and user.has_perm("feedback.manage_policies")):
        raise TransitionNotPermitted("You are not allowed to change policies.")


@transaction.atomic
def policy_update(
    *,
    organisation,
    stage: int,
    user: User,
    values: dict,
    name: str = "Council policy",
    now: datetime | None = None,
):
    """A new version of a stage's policy, in force from now. Cases already open keep the
    deadlines they were given; the old row stays for them and for reports."""
    _require_policy_manager(user)
    now = now or clock.now()
    unknown = set(values) - set(StagePolicy.RULE_FIELDS)
    if unknown:
        raise TransitionInvalid(f"Unknown policy fields: {sorted(unknown)}")
    current = policy_for(organisation=organisation, stage=stage, at=now)
    fields = {f: getattr(current, f) for f in StagePolicy.RULE_FIELDS}
    fields.update(values)
    return StagePolicy.objects.create(
        organisation=organisation,
        stage=stage,
        name=name,
        effective_from=now,
        created_by=user,
        **fields,
    )


@transaction.atomic
def policies_code_preset_apply(*, organisation, user: User, now: datetime | None = None) -> list:
    """Switch to the Complaint Handling Code in one step (new policy rows, in force now)."""
    _require_policy_manager(user)
    return policies_load(
        organisation=organisation,
        policies=CODE_POLICIES,
        effective_from=now or clock.now(),
        created_by=user,
    )


@transaction.atomic
def closure_day_add(*, organisation, user: User, day, reason: str = ""):
    """A day the council is closed. Deadlines already given do not move; new ones skip it."""
    _require_policy_manager(user)
    if ClosureDay.objects.filter(organisation=organisation, date=day).exists():
        raise TransitionInvalid(
            "That day is already a closure day.",
            field_errors={"date": "That day is already listed"},
        )
    return ClosureDay.objects.create(organisation=organisation, date=day, reason=reason.strip())


@transaction.atomic
def closure_day_remove(*, organisation, user: User, closure_day_id: int) -> None:
    _require_policy_manager(user)
    ClosureDay.objects.filter(organisation=organisation, pk=closure_day_id).delete()

"""The case lifecycle: every transition of `Case.state`, each declared once with its source,
target, permission, conditions, label and side effects.

`CaseLifecycle` is a proxy of the core's `Case`: the core owns the state and its vocabulary
(`feedback.states`), this wing owns how it may change. The one engine,
`feedback.transitions.transition_run`, runs them (called by `escalation.services`); never call
a transition method directly. Each method gets the time of the action as `now`.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_fsm import transition

from feedback import clock
from feedback.models import Case
from feedback.selectors import ombudsman_route
from feedback.states import OPEN_STATES
from feedback.states import CaseState as S
from feedback.transitions import (
    TransitionOption,
    any_perm,
    condition,
    step,
    steps_by_name,
    transitions_offered,
)

from . import effects, hooks
from .selectors import stage2_reviewer_refusal

COMPLAINT = "complaint"
TRIAGE = "feedback.triage_case"
INVESTIGATE = "feedback.investigate_case"
REVIEW = "feedback.review_case"
CASEWORK = any_perm(TRIAGE, INVESTIGATE)
LOG_REQUEST = any_perm(TRIAGE, REVIEW)


def stage2_reviewer(case, user) -> bool:
    """Stage 2 is a review by someone other than whoever answered Stage 1 (Code 6.1)."""
    return any_perm(REVIEW)(case, user) and not stage2_reviewer_refusal(case=case, user=user)


# --- conditions (django-fsm; each with the sentence a person reads) ---------------------------


@condition("Only a complaint is triaged this way.")
def is_complaint(case) -> bool:
    return case.kind == COMPLAINT


@condition("Only a comment or a compliment follows this lifecycle.")
def is_comment_or_compliment(case) -> bool:
    return case.kind != COMPLAINT


def _response_complete(case, stage: int) -> bool:
    return (
        case.stages.filter(stage=stage)
        .exclude(outcome="")
        .exclude(outcome_reasons="")
        .exclude(complaint_understood="")
        .exists()
    )


@condition(
    "Record the Stage 1 response first: the complaint as understood, the outcome and reasons."
)
def stage1_response_recorded(case) -> bool:
    return _response_complete(case, 1)


@condition("Send the Stage 1 response letter first.")
def stage1_letter_sent(case) -> bool:
    return all(hooks.response_sent(case=case, stage=1))


@condition(
    "Record the Stage 2 response first: the complaint as understood, the outcome and reasons."
)
def stage2_response_recorded(case) -> bool:
    return _response_complete(case, 2)


@condition("Send the Stage 2 response letter first.")
def stage2_letter_sent(case) -> bool:
    return all(hooks.response_sent(case=case, stage=2))


# --- checks that depend on the time of the action ------------------------------------------


def escalation_window_until(case):
    return case.stages.filter(stage=1).values_list("escalation_until", flat=True).first()


def within_escalation_window(case, now: datetime) -> str:
    """A Stage 2 review may be asked for until the window's last day. After it, the refusal
    names the Ombudsman the customer can go to instead."""
    until = escalation_window_until(case)
    if until is not None and clock.local_date(now) <= until:
        return ""
    return escalation_refusal(case, until)


def escalation_refusal(case, until) -> str:
    route = ombudsman_route(case=case)
    ended = f": it ended on {until:%-d %B %Y}" if until else ""
    return (
        f"The time to ask for a Stage 2 review has passed{ended}. The customer can ask the "
        f"{route.name} to look at the complaint instead: telephone {route.phone}, "
        f"{route.website}."
    )


def escalation_window_over_if_stage1(case, now: datetime) -> str:
    if case.state != S.STAGE1_RESPONDED or within_escalation_window(case, now):
        return ""
    return (
        "The customer may still ask for a Stage 2 review: close the case when that time has passed."
    )


class CaseLifecycle(Case):
    """`Case` with its transitions. Load it with `as_lifecycle(case)`."""

    class Meta:
        proxy = True

    # Triage of a complaint ------------------------------------------------------------------

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.STAGE1,
        permission=TRIAGE,
        conditions=[is_complaint],
        custom=step(
            label="Accept as a Stage 1 complaint",
            description="Start the formal investigation; the customer is told when to expect "
            "a reply.",
            summary="Accepted as a Stage 1 complaint",
            apply=effects.stage1_open,
        ),
    )
    def triage_complaint(self, now):
        self.overdue_since = None

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.SERVICE_REQUEST_RESOLVED,
        permission=TRIAGE,
        conditions=[is_complaint],
        custom=step(
            label="Resolved at first contact",
            description="A service request put right straight away; it is not a complaint stage.",
            summary="Resolved as a service request at first contact",
            reason_label="What was done",
            reason_required=True,
            button_class="govuk-button--secondary",
            apply=effects.triaged_as_resolved_at_first_contact,
        ),
    )
    def triage_resolve_at_first_contact(self, now):
        self.resolved_at_first_contact = True
        self.closed_at = now

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.SERVICE_REQUEST,
        permission=TRIAGE,
        conditions=[is_complaint],
        custom=step(
            label="Pass to the service as a service request",
            description="A first request to provide or fix a service: the service deals with it.",
            summary="Passed to the service as a service request",
            reason_required=True,
            button_class="govuk-button--secondary",
            apply=effects.triaged_as_service_request,
        ),
    )
    def triage_service_request(self, now):
        pass

    @transition(
        field="state",
        source=S.SERVICE_REQUEST,
        target=S.SERVICE_REQUEST_RESOLVED,
        permission=CASEWORK,
        custom=step(
            label="Service request resolved",
            description="The service has done what was asked.",
            reason_label="What was done",
            reason_required=True,
        ),
    )
    def service_request_resolve(self, now):
        self.closed_at = now

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.NOT_ACCEPTED,
        permission=TRIAGE,
        conditions=[is_complaint],
        custom=step(
            label="Not accepted as a complaint",
            description="Another route applies or it is too late; the customer is told why "
            "and of the Ombudsman.",
            fields=("refusal_reason",),
            reason_required=True,
            button_class="govuk-button--secondary",
            prepare=effects.refusal_reason_clean,
            apply=effects.not_accepted,
        ),
    )
    def triage_not_accepted(self, now):
        self.closed_at = now

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.FORWARDED,
        permission=TRIAGE,
        custom=step(
            label="Forward to another organisation",
            description="It is for another organisation or partner; the customer is told who.",
            summary="Forwarded to another organisation",
            fields=("forwarded_to",),
            reason_required=True,
            button_class="govuk-button--secondary",
            prepare=effects.forwarded_to_required,
            apply=effects.forwarded,
        ),
    )
    def triage_forward(self, now):
        self.closed_at = now

    # Formal stages --------------------------------------------------------------------------

    @transition(
        field="state",
        source=S.STAGE1,
        target=S.STAGE1_RESPONDED,
        permission=INVESTIGATE,
        conditions=[stage1_response_recorded, stage1_letter_sent],
        custom=step(
            label="Record Stage 1 response as sent",
            description="The response letter has gone: the customer now has the time the "
            "policy allows to ask for a Stage 2 review.",
            summary="Stage 1 response sent",
            apply=effects.stage_answered(1),
        ),
    )
    def stage1_respond(self, now):
        self.overdue_since = None

    @transition(
        field="state",
        source=S.STAGE1_RESPONDED,
        target=S.STAGE2,
        permission=LOG_REQUEST,
        custom=step(
            label="Customer asks for Stage 2",
            description="Log the customer's request for a review (within the escalation window).",
            summary="Stage 2 review requested",
            fields=("request_reason", "handler"),
            checks=(within_escalation_window,),
            prepare=effects.stage2_request_clean,
            apply=effects.stage2_open,
        ),
    )
    def stage2_escalate(self, now):
        self.overdue_since = None

    @transition(
        field="state",
        source=S.STAGE2,
        target=S.STAGE2_RESPONDED,
        permission=stage2_reviewer,
        conditions=[stage2_response_recorded, stage2_letter_sent],
        custom=step(
            label="Record Stage 2 response as sent",
            description="The review's response letter has gone: the customer may now go to "
            "the Ombudsman.",
            summary="Stage 2 response sent",
            apply=effects.stage_answered(2),
        ),
    )
    def stage2_respond(self, now):
        self.overdue_since = None

    @transition(
        field="state",
        source=[S.STAGE1_RESPONDED, S.STAGE2_RESPONDED],
        target=S.OMBUDSMAN,
        permission=LOG_REQUEST,
        custom=step(
            label="Referred to the Ombudsman",
            description="The Ombudsman has told us the customer complained to it.",
            reason_required=True,
            button_class="govuk-button--secondary",
        ),
    )
    def refer_to_ombudsman(self, now):
        pass

    # Comments and compliments ---------------------------------------------------------------

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.ACKNOWLEDGED,
        permission=CASEWORK,
        conditions=[is_comment_or_compliment],
        custom=step(
            label="Acknowledge",
            description="Thank the customer and record that it was acknowledged.",
            summary="Acknowledged",
            apply=effects.acknowledged,
        ),
    )
    def acknowledge(self, now):
        self.acknowledged_at = self.acknowledged_at or now

    @transition(
        field="state",
        source=[S.RECEIVED, S.ACKNOWLEDGED],
        target=S.PASSED_TO_SERVICE,
        permission=CASEWORK,
        conditions=[is_comment_or_compliment],
        custom=step(
            label="Pass to the service or staff member",
            description="Send it to the service, or to the manager of the staff member praised.",
            summary="Passed to the service",
            fields=("forwarded_to",),
            button_class="govuk-button--secondary",
            prepare=effects.forwarded_to_optional,
            apply=effects.passed_to_service,
        ),
    )
    def pass_to_service(self, now):
        self.acknowledged_at = self.acknowledged_at or now

    # Ends -----------------------------------------------------------------------------------

    CLOSE = step(
        label="Close",
        description="Nothing more is due on this case.",
        summary="Closed",
        reason_required=True,
        button_class="govuk-button--secondary",
        checks=(escalation_window_over_if_stage1,),
    )

    @transition(
        field="state",
        source=[S.STAGE1_RESPONDED, S.STAGE2_RESPONDED, S.OMBUDSMAN],
        target=S.CLOSED,
        permission=LOG_REQUEST,
        custom=CLOSE,
    )
    @transition(
        field="state",
        source=[S.ACKNOWLEDGED, S.PASSED_TO_SERVICE],
        target=S.CLOSED,
        permission=CASEWORK,
        custom=CLOSE,
    )
    def close(self, now):
        self.closed_at = now
        self.overdue_since = None

    @transition(
        field="state",
        source=sorted(OPEN_STATES),
        target=S.WITHDRAWN,
        permission=CASEWORK,
        custom=step(
            label="Withdrawn by the customer",
            description="The customer has told us they no longer want us to look into it.",
            summary="Withdrawn",
            reason_required=True,
            button_class="govuk-button--warning",
            apply=effects.withdrawn,
        ),
    )
    def withdraw(self, now):
        self.closed_at = now
        self.overdue_since = None


STEPS = steps_by_name(CaseLifecycle)


def as_lifecycle(case: Case) -> CaseLifecycle:
    """`case` with its transitions: the same attributes (one dict), so whatever the lifecycle
    changes, the caller's object shows."""
    if isinstance(case, CaseLifecycle):
        return case
    lifecycle = CaseLifecycle.__new__(CaseLifecycle)
    lifecycle.__dict__ = case.__dict__
    return lifecycle


def transitions_available(
    *, case: Case, user: AbstractBaseUser | AnonymousUser, now: datetime | None = None
) -> list[TransitionOption]:
    """What `user` may do to `case` now (state, conditions, checks and permission), in the
    lifecycle's order."""
    return transitions_offered(obj=as_lifecycle(case), user=user, now=now or clock.now())

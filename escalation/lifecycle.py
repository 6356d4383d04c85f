"""The case lifecycle: django-fsm transitions that `feedback.models.Case` inherits.

Each transition says from which states it may run, who may run it (a permission, checked by
`escalation.services.case_transition`) and what must be true first (conditions). The methods
change only the case row in memory; the service around them saves it, writes the stages,
timeline entry and emails in the same transaction. Never call them directly: go through
`escalation.services.case_transition` (officers) or the customer services.

This module is imported by feedback.models, so it must not import models at import time.
"""

from datetime import datetime

from django_fsm import transition

from .states import OPEN_STATES
from .states import CaseState as S

COMPLAINT = "complaint"


def _now(case) -> datetime:
    from feedback import clock

    return getattr(case, "_lifecycle_now", None) or clock.now()


# --- permissions (callables so one transition can accept several roles) -----------------


def any_perm(*perms: str):
    def check(instance, user) -> bool:
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and any(user.has_perm(p) for p in perms)
        )

    check.perms = perms
    return check


def reviewer_not_stage1_handler(instance, user) -> bool:
    """Stage 2 is a review by someone other than the Stage 1 handler."""
    if not any_perm("feedback.review_case")(instance, user):
        return False
    from .models import CaseStage

    stage1_handler = (
        CaseStage.objects.filter(case=instance, stage=1)
        .values_list("handler_id", flat=True)
        .first()
    )
    return stage1_handler is None or stage1_handler != user.pk


# --- conditions: each has a `message` saying what is missing ------------------------------


def condition(message: str):
    def decorate(func):
        func.message = message
        return func

    return decorate


@condition("Only a complaint is triaged this way.")
def is_complaint(case) -> bool:
    return case.kind == COMPLAINT


@condition("Only a comment or a compliment follows this lifecycle.")
def is_comment_or_compliment(case) -> bool:
    return case.kind != COMPLAINT


def _response_complete(case, stage: int) -> bool:
    from .models import CaseStage

    return (
        CaseStage.objects.filter(case=case, stage=stage)
        .exclude(outcome="")
        .exclude(outcome_reasons="")
        .exclude(complaint_understood="")
        .exists()
    )


def _letter_sent(case, stage: int) -> bool:
    # letters depends on escalation, so its selector is imported when needed.
    from letters.selectors import response_letter_sent

    return response_letter_sent(case=case, stage=stage)


@condition(
    "Record the Stage 1 response first: the complaint as understood, the outcome and reasons."
)
def stage1_response_recorded(case) -> bool:
    return _response_complete(case, 1)


@condition("Send the Stage 1 response letter first.")
def stage1_letter_sent(case) -> bool:
    return _letter_sent(case, 1)


@condition(
    "Record the Stage 2 response first: the complaint as understood, the outcome and reasons."
)
def stage2_response_recorded(case) -> bool:
    return _response_complete(case, 2)


@condition("Send the Stage 2 response letter first.")
def stage2_letter_sent(case) -> bool:
    return _letter_sent(case, 2)


@condition("The time to ask for a Stage 2 review has passed.")
def within_escalation_window(case) -> bool:
    from feedback import clock

    from .models import CaseStage

    until = (
        CaseStage.objects.filter(case=case, stage=1)
        .values_list("escalation_until", flat=True)
        .first()
    )
    return until is not None and clock.local_date(_now(case)) <= until


@condition(
    "The customer may still ask for a Stage 2 review: close the case when that time has passed."
)
def escalation_window_over_if_stage1(case) -> bool:
    if case.state != S.STAGE1_RESPONDED:
        return True
    return not within_escalation_window(case)


TRIAGE = "feedback.triage_case"
INVESTIGATE = "feedback.investigate_case"
CASEWORK = any_perm(TRIAGE, INVESTIGATE)
LOG_REQUEST = any_perm(TRIAGE, "feedback.review_case")

WITHDRAWABLE = sorted(OPEN_STATES)


class CaseLifecycleMixin:
    """Transitions of `Case.state`. Targets and sources are CaseState values."""

    # Triage of a complaint ------------------------------------------------------------

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.SERVICE_REQUEST_RESOLVED,
        permission=TRIAGE,
        conditions=[is_complaint],
    )
    def triage_resolve_at_first_contact(self):
        self.resolved_at_first_contact = True
        self.closed_at = _now(self)

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.SERVICE_REQUEST,
        permission=TRIAGE,
        conditions=[is_complaint],
    )
    def triage_service_request(self):
        pass

    @transition(
        field="state",
        source=S.SERVICE_REQUEST,
        target=S.SERVICE_REQUEST_RESOLVED,
        permission=CASEWORK,
    )
    def service_request_resolve(self):
        self.closed_at = _now(self)

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.NOT_ACCEPTED,
        permission=TRIAGE,
        conditions=[is_complaint],
    )
    def triage_not_accepted(self):
        self.closed_at = _now(self)

    @transition(field="state", source=S.RECEIVED, target=S.FORWARDED, permission=TRIAGE)
    def triage_forward(self):
        self.closed_at = _now(self)

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.STAGE1,
        permission=TRIAGE,
        conditions=[is_complaint],
    )
    def triage_complaint(self):
        self.overdue_since = None

    # Formal stages ----------------------------------------------------------------------

    @transition(
        field="state",
        source=S.STAGE1,
        target=S.STAGE1_RESPONDED,
        permission=INVESTIGATE,
        conditions=[stage1_response_recorded, stage1_letter_sent],
    )
    def stage1_respond(self):
        self.overdue_since = None

    @transition(
        field="state",
        source=S.STAGE1_RESPONDED,
        target=S.STAGE2,
        permission=LOG_REQUEST,
        conditions=[within_escalation_window],
    )
    def stage2_escalate(self):
        self.overdue_since = None

    @transition(
        field="state",
        source=S.STAGE2,
        target=S.STAGE2_RESPONDED,
        permission=reviewer_not_stage1_handler,
        conditions=[stage2_response_recorded, stage2_letter_sent],
    )
    def stage2_respond(self):
        self.overdue_since = None

    @transition(
        field="state",
        source=[S.STAGE1_RESPONDED, S.STAGE2_RESPONDED],
        target=S.OMBUDSMAN,
        permission=LOG_REQUEST,
    )
    def refer_to_ombudsman(self):
        pass

    # Comments and compliments -----------------------------------------------------------

    @transition(
        field="state",
        source=S.RECEIVED,
        target=S.ACKNOWLEDGED,
        permission=CASEWORK,
        conditions=[is_comment_or_compliment],
    )
    def acknowledge(self):
        self.acknowledged_at = self.acknowledged_at or _now(self)

    @transition(
        field="state",
        source=[S.RECEIVED, S.ACKNOWLEDGED],
        target=S.PASSED_TO_SERVICE,
        permission=CASEWORK,
        conditions=[is_comment_or_compliment],
    )
    def pass_to_service(self):
        self.acknowledged_at = self.acknowledged_at or _now(self)

    # Ends -------------------------------------------------------------------------------

    @transition(
        field="state",
        source=[S.STAGE1_RESPONDED, S.STAGE2_RESPONDED, S.OMBUDSMAN],
        target=S.CLOSED,
        permission=LOG_REQUEST,
        conditions=[escalation_window_over_if_stage1],
    )
    @transition(
        field="state",
        source=[S.ACKNOWLEDGED, S.PASSED_TO_SERVICE],
        target=S.CLOSED,
        permission=CASEWORK,
    )
    def close(self):
        self.closed_at = _now(self)
        self.overdue_since = None

    @transition(field="state", source=WITHDRAWABLE, target=S.WITHDRAWN, permission=CASEWORK)
    def withdraw(self):
        self.closed_at = _now(self)
        self.overdue_since = None

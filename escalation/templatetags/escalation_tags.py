"""The officer case panel (an inclusion tag) and the small helpers its forms use."""

from django import template
from django.urls import reverse

from feedback import clock
from feedback.models import Case
from feedback.selectors import ombudsman_route
from feedback.states import CaseState
from feedback.transitions import transitions_blocked

from .. import selectors
from ..lifecycle import (
    as_lifecycle,
    is_comment_or_compliment,
    is_complaint,
    transitions_available,
)
from ..promises import promise_at
from ..responses import RUNNING

register = template.Library()


# A step whose only obstacle is the case's kind can never apply to it: not worth a line.
NEVER_FOR_THIS_KIND = frozenset({is_complaint.message, is_comment_or_compliment.message})


def _next_step(case, user, now) -> dict:
    """What the officer may do now: the transitions offered, the stage's own actions (answer,
    extend), and what the role allows but is still missing."""
    options = transitions_available(case=case, user=user, now=now) if user else []
    running = RUNNING.get(case.state)
    return {
        "options": options,
        "blocked": [
            {"label": step.label, "missing": missing}
            for step, missing in transitions_blocked(obj=as_lifecycle(case), user=user, now=now)
            if missing not in NEVER_FOR_THIS_KIND
        ],
        "running": running,
        "may_answer": bool(
            running
            and user.has_perm(
                "feedback.investigate_case" if running == 1 else "feedback.review_case"
            )
        ),
        "may_extend": bool(running and user.has_perm("feedback.investigate_case")),
        "may_record_payment": bool(user and user.has_perm("feedback.investigate_case")),
        "may_raise_complaint": case.state == CaseState.SERVICE_REQUEST
        and user.has_perm("feedback.triage_case"),
    }


@register.inclusion_tag("escalation/officer/_next_step.html", takes_context=True)
def escalation_next_step(context, case):
    """The top of the case page: the actions the officer may take now."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"case": case, "request": request, **_next_step(case, user, clock.now())}


@register.inclusion_tag("escalation/officer/_panel.html", takes_context=True)
def escalation_case_panel(context, case):
    request = context.get("request")
    now = clock.now()
    today = clock.local_date(now)
    stages = selectors.case_stages(case=case, today=today)
    window = selectors.escalation_window(case=case, now=now) if stages else None
    return {
        "case": case,
        "stages": stages,
        "case_overdue": Case.objects.is_overdue(case, today),
        "running": RUNNING.get(case.state),
        "window": window,
        "is_formal": bool(stages),
        "request": request,
    }


@register.simple_tag
def escalation_promise(organisation):
    """The public timescales of the Stage 1 policy in force now (escalation.promises):
    `{% escalation_promise organisation as promise %}` then `{{ promise.respond }}`."""
    return promise_at(organisation=organisation or None, at=clock.now())


@register.simple_tag
def case_url(case) -> str:
    from ..views import case_url as url

    return url(case)


@register.simple_tag
def lifecycle_url(name: str, case, *args) -> str:
    return reverse(f"escalation:{name}", args=[case.reference, *args])


@register.inclusion_tag("escalation/public/_actions.html")
def escalation_progress_actions(case, token):
    """What the customer may do next on their progress page."""
    is_complaint = case.kind == "complaint"
    window = (
        selectors.escalation_window(case=case)
        if is_complaint and case.state == CaseState.STAGE1_RESPONDED
        else None
    )
    return {
        "case": case,
        "token": token,
        "window": window,
        "after_stage2": case.state == CaseState.STAGE2_RESPONDED,
        "may_withdraw": bool(token) and selectors.withdrawable(case),
        "ombudsman": ombudsman_route(case=case) if is_complaint else None,
    }

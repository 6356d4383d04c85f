"""The officer case panel (an inclusion tag) and the small helpers its forms use."""

from django import template
from django.urls import reverse

from feedback import clock
from feedback.models import Case

from .. import selectors
from ..lifecycle import CaseLifecycleMixin
from ..promises import promise_at
from ..responses import RUNNING
from ..states import CaseState
from ..transitions import SPECS

register = template.Library()


def _blocked(case, user, names_available):
    """Transitions the user's role allows from this state whose conditions are not met yet,
    with what is missing: "Send the Stage 1 response letter first"."""
    hints = []
    for name, spec in SPECS.items():
        if name in names_available or not spec.officer:
            continue
        meta = getattr(CaseLifecycleMixin, name)._django_fsm
        transition = meta.get_transition(case.state)
        if transition is None or not transition.has_perm(case, user):
            continue
        for check in transition.conditions:
            if not check(case):
                hints.append({"label": spec.label, "missing": check.message})
                break
    return hints


@register.inclusion_tag("escalation/officer/_panel.html", takes_context=True)
def escalation_case_panel(context, case):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    now = clock.now()
    options = selectors.transitions_available(case=case, user=user, now=now) if user else []
    names = {o.name for o in options}
    today = clock.local_date(now)
    stages = selectors.case_stages(case=case, today=today)
    running = RUNNING.get(case.state)
    may_answer = bool(
        running
        and user.has_perm("feedback.investigate_case" if running == 1 else "feedback.review_case")
    )
    may_extend = bool(running and user.has_perm("feedback.investigate_case"))
    window = selectors.escalation_window(case=case, now=now) if stages else None
    return {
        "case": case,
        "options": options,
        "blocked": _blocked(case, user, names) if user else [],
        "stages": stages,
        "case_overdue": Case.objects.is_overdue(case, today),
        "running": running,
        "may_answer": may_answer,
        "may_extend": may_extend,
        "may_raise_complaint": case.state == CaseState.SERVICE_REQUEST
        and user.has_perm("feedback.triage_case"),
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
    from ..emails import ombudsman_for
    from ..views_public import withdrawable

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
        "may_withdraw": bool(token) and withdrawable(case),
        "ombudsman": ombudsman_for(case) if is_complaint else None,
    }

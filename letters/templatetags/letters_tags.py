"""The letters panels other apps' pages include: a fixed number of queries per page."""

from django import template

from escalation.responses import RUNNING
from feedback import clock
from feedback.states import OPEN_STATES

from .. import selectors
from ..forms import LetterKindForm
from ..models import RESPONSE_KINDS, LetterKind
from ..services import response_letter_missing_parts

register = template.Library()


@register.inclusion_tag("letters/officer/_panel.html", takes_context=True)
def letters_case_panel(context, case):
    user = context.get("user") or context["request"].user
    kinds = selectors.letter_kinds_available(case=case)
    missing = []
    needed = None
    for stage, kind in RESPONSE_KINDS.items():
        if kind in kinds:
            parts = response_letter_missing_parts(case=case, stage=stage)
            if parts:
                missing.append((LetterKind(kind).label, parts))
            elif needed is None and RUNNING.get(case.state) == stage:
                # The running stage's response is recorded: its letter is what the lifecycle
                # needs next (once sent, the stage is answered and nothing is pushed).
                needed = kind
    open_case = case.state in OPEN_STATES
    return {
        "case": case,
        "respond_by": case.respond_by if open_case else None,
        "overdue": open_case and case.respond_by is not None and case.respond_by < clock.today(),
        "letters": list(selectors.letters_for_case(case=case)),
        "failing": list(selectors.deliveries_failing_for_case(case=case)),
        "missing": missing,
        "can_write": user.has_perm("feedback.investigate_case"),
        "form": LetterKindForm(kinds=kinds, initial={"kind": needed} if needed else None),
        "needed": LetterKind(needed).label if needed else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("letters/public/_letters.html")
def letters_progress(case, token):
    return {
        "case": case,
        "token": token,
        "letters": selectors.letters_for_progress_link(case=case, token=token),
    }

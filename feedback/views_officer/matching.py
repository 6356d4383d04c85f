"""The case page's "possible match" panel and its progress links: an officer merges a customer
record made from unproved input into the existing customer or keeps them apart, and can end
every progress link of the case. Each calls one service, which writes the timeline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..matching import NoPossibleMatch, customer_match_dismiss, customer_match_merge
from ..models import ProgressLink
from ..progress import progress_links_end
from ..selectors import case_get_for_user
from .access import casework_required

DECIDE_PERMISSION = "feedback.triage_case"


def _case_to_decide(request: HttpRequest, reference: str):
    # Visibility first: an outsider gets 404 whether or not they hold the permission.
    case = case_get_for_user(user=request.user, reference=reference)
    if not request.user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    return case


@require_POST
@casework_required
def customer_match(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_to_decide(request, reference)
    decision = request.POST.get("decision")
    try:
        if decision == "merge":
            kept = customer_match_merge(case=case, actor=request.user)
            messages.success(request, f"Merged into the existing customer {kept}")
        elif decision == "keep_apart":
            customer_match_dismiss(case=case, actor=request.user)
            messages.success(request, "Kept apart from the existing customer")
        else:
            messages.error(request, "Choose whether to merge or keep the records apart")
    except NoPossibleMatch as problem:
        messages.error(request, str(problem))
    return redirect("officer:case_detail", reference=case.reference)


@require_POST
@casework_required
def progress_links_revoke(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_to_decide(request, reference)
    ended = progress_links_end(case=case, because=ProgressLink.Ending.OFFICER, actor=request.user)
    messages.success(request, f"Progress links ended: {ended}")
    return redirect("officer:case_detail", reference=case.reference)

"""The complaints manager's policy page: stage policies, the Complaint Handling Code preset,
where the active policy is laxer than the Code, and closure days."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from feedback import clock
from feedback.selectors import organisation_current
from feedback.transitions import TransitionError

from . import selectors, services
from .forms import ClosureDayForm, PolicyForm
from .models import Stage
from .views import _apply_errors, _render, officer_required


def _manager(request):
    if not request.user.has_perm("feedback.manage_policies"):
        raise PermissionDenied
    organisation = organisation_current()
    if organisation is None:
        raise Http404("No council is set up")
    return organisation


def _page(request, organisation, *, closure_form=None, problem="", status=200):
    today = clock.today()
    return _render(
        request,
        "policies.html",
        {
            "comparisons": selectors.policies_compared_with_code(organisation=organisation),
            "closure_days": selectors.closure_days_list(organisation=organisation, since=today),
            "form": closure_form or ClosureDayForm(),
            "problem": problem,
        },
        status=status,
    )


@officer_required
def policies(request):
    return _page(request, _manager(request))


@officer_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, stage: int):
    organisation = _manager(request)
    if stage not in Stage.values:
        raise Http404("No such stage")
    current = selectors.policies_active(organisation=organisation)[stage]
    form = PolicyForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.policy_update(
            organisation=organisation, stage=stage, user=request.user, values=values
        )
        messages.success(
            request,
            f"The Stage {stage} policy is changed for cases opened from now. Cases already "
            "open keep their deadlines.",
        )
        return redirect("escalation:policies")
    return _render(
        request,
        "policy_edit.html",
        {"form": form, "stage": stage, "current": current},
        status=400 if form.errors else 200,
    )


@officer_required
@require_POST
def policies_code_preset(request):
    organisation = _manager(request)
    services.policies_code_preset_apply(organisation=organisation, user=request.user)
    messages.success(
        request,
        "The Complaint Handling Code now applies to cases opened from now. Cases already open "
        "keep their deadlines.",
    )
    return redirect("escalation:policies")


@officer_required
@require_POST
def closure_day_add(request):
    organisation = _manager(request)
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.closure_day_add(
                organisation=organisation,
                user=request.user,
                day=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as error:
            problem = _apply_errors(form, error)
            return _page(request, organisation, closure_form=form, problem=problem, status=400)
        messages.success(request, f"{day.date:%-d %B %Y} is now a closure day.")
        return redirect("escalation:policies")
    return _page(request, organisation, closure_form=form, status=400)


@officer_required
@require_POST
def closure_day_remove(request, pk: int):
    organisation = _manager(request)
    services.closure_day_remove(organisation=organisation, user=request.user, closure_day_id=pk)
    messages.success(request, "The closure day is removed.")
    return redirect("escalation:policies")

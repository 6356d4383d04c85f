"""Officer pages of the lifecycle: one form per transition, the response, the extension, and a
complaint raised from a service request. Every page starts from `case_get_for_user` (404
outside the officer's services, 403 for users who see no cases); the services decide."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from feedback.selectors import case_get_for_user

from . import responses, selectors, services
from .exceptions import TransitionError, TransitionNotPermitted
from .forms import (
    ComplaintFromServiceRequestForm,
    ExtendForm,
    ResponseForm,
    TransitionForm,
)
from .models import CaseStage
from .transitions import SPECS


@lru_cache(maxsize=1)
def officer_base() -> str:
    """The officer pages' base template once the officer app provides it."""
    try:
        get_template("officer_base.html")
    except TemplateDoesNotExist:
        return "base.html"
    return "officer_base.html"


def login_url() -> str:
    try:
        return reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        return reverse("admin:login")


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{login_url()}?next={quote(request.get_full_path())}")
        return view(request, *args, **kwargs)

    return wrapper


def case_url(case) -> str:
    try:
        return reverse("officer:case_detail", kwargs={"reference": case.reference})
    except NoReverseMatch:
        return reverse("escalation:case", args=[case.reference])


def _render(request, template: str, context: dict, status: int = 200):
    return render(
        request,
        f"escalation/officer/{template}",
        {"base_template": officer_base(), **context},
        status=status,
    )


def _apply_errors(form, error: TransitionError) -> str:
    """Put a service's field errors on the form; return the message for the summary when no
    field carries it."""
    placed = False
    for name, message in error.field_errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    return "" if placed else error.message


@dataclass(frozen=True)
class Attempt:
    """What became of a form sent to a service: `done` with the service's `result`, or the page
    comes back with the `problem` for the error summary and the status that says why."""

    done: bool = False
    result: Any = None
    problem: str = ""
    status: int = 200


def _attempt(request, form, call: Callable[[dict], Any], *, refused_status: int = 400) -> Attempt:
    """Call the service with the cleaned data of a valid POST. When it refuses, its field errors
    go on the form and the page answers 403 (not permitted), 400 (the input) or
    `refused_status` (the case's state or a condition)."""
    if request.method != "POST":
        return Attempt()
    if not form.is_valid():
        return Attempt(status=400)
    try:
        return Attempt(done=True, result=call(form.cleaned_data))
    except TransitionError as error:
        problem = _apply_errors(form, error)
        if isinstance(error, TransitionNotPermitted):
            status = 403
        elif error.field_errors and not problem:
            status = 400
        else:
            status = refused_status
        return Attempt(problem=problem, status=status)


@officer_required
def case_lifecycle(request, reference: str):
    """The lifecycle panel on its own (the officer case page includes the same panel)."""
    case = case_get_for_user(user=request.user, reference=reference)
    return _render(request, "case.html", {"case": case})


@officer_required
@require_http_methods(["GET", "POST"])
def case_transition(request, reference: str, name: str):
    case = case_get_for_user(user=request.user, reference=reference)
    spec = SPECS.get(name)
    if spec is None or not spec.officer:
        raise Http404("No such action")
    available = {o.name for o in selectors.transitions_available(case=case, user=request.user)}
    form = TransitionForm(request.POST if request.method == "POST" else None, spec=spec, case=case)
    attempt = _attempt(
        request,
        form,
        lambda data: services.case_transition(
            case=case,
            name=name,
            user=request.user,
            reason=data["reason"],
            data=form.data_for_service(),
        ),
        refused_status=409,
    )
    if attempt.done:
        messages.success(request, f"{case.reference}: {spec.summary.lower()}.")
        return redirect(case_url(case))
    problem = attempt.problem
    if request.method == "GET" and name not in available:
        problem = f"“{spec.label}” is not possible on this case now."
    return _render(
        request,
        "transition.html",
        {"case": case, "spec": spec, "form": form, "problem": problem},
        status=attempt.status,
    )


def _response_initial(case_stage: CaseStage) -> dict:
    initial = {
        "complaint_understood": case_stage.complaint_understood,
        "outcome": case_stage.outcome,
        "outcome_reasons": case_stage.outcome_reasons,
        "lessons_learned": case_stage.lessons_learned,
    }
    for i, remedy in enumerate(case_stage.remedies.all()[: ResponseForm.REMEDY_ROWS], start=1):
        initial |= {
            f"remedy_{i}_kind": remedy.kind,
            f"remedy_{i}_description": remedy.description,
            f"remedy_{i}_amount": remedy.amount,
        }
    open_actions = case_stage.actions.filter(completed_at__isnull=True)
    for i, action in enumerate(open_actions[: ResponseForm.ACTION_ROWS], start=1):
        initial |= {
            f"action_{i}_description": action.description,
            f"action_{i}_owner": action.owner_id,
            f"action_{i}_due": action.due_date,
        }
    return initial


@officer_required
@require_http_methods(["GET", "POST"])
def stage_response(request, reference: str):
    case = case_get_for_user(user=request.user, reference=reference)
    stage = responses.RUNNING.get(case.state)
    if stage is None:
        raise Http404("No stage is waiting for a response")
    case_stage = CaseStage.objects.get(case=case, stage=stage)
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        case=case,
        initial=_response_initial(case_stage),
    )
    attempt = _attempt(
        request,
        form,
        lambda data: responses.stage_response_record(
            case=case,
            user=request.user,
            complaint_understood=data["complaint_understood"],
            outcome=data["outcome"],
            outcome_reasons=data["outcome_reasons"],
            lessons_learned=data["lessons_learned"],
            remedies=form.remedies(),
            actions=form.actions(),
        ),
    )
    if attempt.done:
        messages.success(
            request,
            f"{case.reference}: the Stage {stage} response is recorded. "
            "Next, write and send the response letter.",
        )
        return redirect(case_url(case))
    context = {"case": case, "stage": case_stage, "form": form, "problem": attempt.problem}
    return _render(request, "response.html", context, status=attempt.status)


@officer_required
@require_http_methods(["GET", "POST"])
def deadline_extend(request, reference: str):
    case = case_get_for_user(user=request.user, reference=reference)
    stage = responses.RUNNING.get(case.state)
    if stage is None:
        raise Http404("No deadline is running")
    case_stage = CaseStage.objects.select_related("policy").get(case=case, stage=stage)
    from .deadlines import extension_limit

    limit = extension_limit(
        case_stage.policy,
        selectors.calendar_for(case.organisation),
        case_stage.response_due_original,
    )
    form = ExtendForm(request.POST if request.method == "POST" else None)
    attempt = _attempt(
        request,
        form,
        lambda data: responses.stage_deadline_extend(
            case=case, user=request.user, new_due=data["new_due"], reason=data["reason"]
        ),
    )
    if attempt.done:
        messages.success(
            request,
            f"{case.reference}: the response is now due by "
            f"{attempt.result.new_due:%-d %B %Y}. The customer has been told why.",
        )
        return redirect(case_url(case))
    context = {
        "case": case,
        "stage": case_stage,
        "form": form,
        "limit": limit,
        "problem": attempt.problem,
    }
    return _render(request, "extend.html", context, status=attempt.status)


@officer_required
@require_http_methods(["GET", "POST"])
def complaint_from_service_request(request, reference: str):
    service_request = case_get_for_user(user=request.user, reference=reference)
    form = ComplaintFromServiceRequestForm(request.POST if request.method == "POST" else None)
    attempt = _attempt(
        request,
        form,
        lambda data: services.complaint_open_from_service_request(
            service_request=service_request,
            user=request.user,
            summary=data["summary"],
            description=data["description"],
        ),
    )
    if attempt.done:
        complaint = attempt.result
        messages.success(
            request,
            f"Complaint {complaint.reference} opened at Stage 1, linked to "
            f"{service_request.reference}.",
        )
        return redirect(case_url(complaint))
    context = {"case": service_request, "form": form, "problem": attempt.problem}
    return _render(request, "complaint_from_service_request.html", context, status=attempt.status)

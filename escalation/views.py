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
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from feedback.selectors import case_get_for_user
from feedback.transitions import TransitionError, TransitionNotPermitted

from . import responses, selectors, services
from .forms import (
    MAX_ROWS,
    ComplaintFromServiceRequestForm,
    ExtendForm,
    PaymentForm,
    ResponseForms,
    TransitionForm,
)
from .lifecycle import STEPS, transitions_available
from .models import CaseStage, Remedy


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
    spec = STEPS.get(name)
    if spec is None or not spec.officer:
        raise Http404("No such action")
    available = {o.name for o in transitions_available(case=case, user=request.user)}
    form = TransitionForm(
        request.POST if request.method == "POST" else None, name=name, spec=spec, case=case
    )
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


@officer_required
@require_http_methods(["GET", "POST"])
def stage_response(request, reference: str):
    case = case_get_for_user(user=request.user, reference=reference)
    stage = responses.RUNNING.get(case.state)
    if stage is None:
        raise Http404("No stage is waiting for a response")
    case_stage = CaseStage.objects.get(case=case, stage=stage)
    if request.method == "GET":
        forms = ResponseForms.for_stage(case_stage, case=case)
        return _response_page(request, case, case_stage, forms)
    forms = ResponseForms(case=case, data=request.POST)
    add = request.POST.get("add", "")
    if add in ResponseForms.ADD:
        # "Add another": the page again with what was typed and one more empty row.
        return _response_page(request, case, case_stage, forms.with_another(add))
    if not forms.is_valid():
        return _response_page(request, case, case_stage, forms, status=400)
    try:
        responses.stage_response_record(
            case=case,
            user=request.user,
            complaint_understood=forms.form.cleaned_data["complaint_understood"],
            outcome=forms.form.cleaned_data["outcome"],
            outcome_reasons=forms.form.cleaned_data["outcome_reasons"],
            lessons_learned=forms.form.cleaned_data["lessons_learned"],
            remedies=forms.remedies.values(),
            actions=forms.actions.values(),
        )
    except TransitionError as error:
        problem = _apply_errors(forms.form, error)
        status = 403 if isinstance(error, TransitionNotPermitted) else 400
        return _response_page(request, case, case_stage, forms, problem=problem, status=status)
    messages.success(
        request,
        f"{case.reference}: the Stage {stage} response is recorded. "
        "Next, write and send the response letter.",
    )
    return redirect(case_url(case))


def _response_page(request, case, case_stage, forms, *, problem="", status=200):
    context = {
        "case": case,
        "stage": case_stage,
        # What the answer must meet: the customer's own words, and at Stage 2 the Stage 1
        # decision with its actions still open.
        "previous": selectors.previous_stage(case_stage=case_stage),
        "forms": forms,
        # base.html's title and the error summary read it as they read a form.
        "form": forms,
        "problem": problem,
        "max_rows": MAX_ROWS,
    }
    return _render(request, "response.html", context, status=status)


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
def remedy_payment(request, reference: str, remedy: int):
    """Record that a financial redress offered in a response has been paid."""
    case = case_get_for_user(user=request.user, reference=reference)
    offered = get_object_or_404(
        Remedy.objects.select_related("case_stage"),
        pk=remedy,
        case_stage__case=case,
        kind=Remedy.Kind.FINANCIAL,
    )
    form = PaymentForm(request.POST if request.method == "POST" else None, case=case)
    attempt = _attempt(
        request,
        form,
        lambda data: responses.remedy_payment_record(
            remedy=offered,
            user=request.user,
            amount_paid=data["amount_paid"],
            paid_on=data["paid_on"],
            approved_by=data["approved_by"],
        ),
    )
    if attempt.done:
        messages.success(
            request, f"{case.reference}: the payment of £{offered.amount_paid} is recorded."
        )
        return redirect(case_url(case))
    context = {"case": case, "remedy": offered, "form": form, "problem": attempt.problem}
    return _render(request, "payment.html", context, status=attempt.status)


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

"""Officer pages for Ombudsman cases. Views only read through selectors and write through
services; access is checked by `ombudsman_case_get_for_user` (403 / 404)."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from feedback import clock
from feedback.selectors import organisation_current

from . import selectors, services
from .filters import OmbudsmanCaseFilter
from .forms import (
    ComplianceForm,
    DecisionForm,
    DocumentForm,
    OmbudsmanCaseEditForm,
    OmbudsmanCaseForm,
    RemedyForm,
    RemedyFormSet,
    StepForm,
)
from .models import COMPLY, LIAISE, TRANSITION_LABELS, RemedyKind

PAGE_SIZE = 25
T = TypeVar("T")


def _organisation():
    organisation = organisation_current()
    if organisation is None:
        raise Http404("No council is set up")
    return organisation


def _require_liaison(request: HttpRequest) -> None:
    if not (selectors.user_can_see_ombudsman_cases(request.user) and request.user.has_perm(LIAISE)):
        raise PermissionDenied


def _attempt(form: Form, save: Callable[[], T]) -> T | None:
    """What the service saved, or None when it refused: its reason goes on the form, for the
    error summary. (No service called here returns None when it succeeds.)"""
    try:
        return save()
    except services.OmbudsmanError as error:
        form.add_error(None, str(error))
        return None


def _to_case_page(request: HttpRequest, ombudsman_case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("ombudsman:detail", pk=ombudsman_case.pk)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not selectors.user_can_see_ombudsman_cases(request.user):
        raise PermissionDenied
    today = clock.today()
    filterset = OmbudsmanCaseFilter(
        request.GET or None,
        queryset=selectors.ombudsman_case_list(user=request.user, today=today),
        organisation=_organisation(),
        today=today,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ombudsman/officer/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_liaise": request.user.has_perm(LIAISE),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    today = clock.today()
    return render(
        request,
        "ombudsman/officer/detail.html",
        {
            "ocase": ombudsman_case,
            "ocase_overdue": selectors.ombudsman_case_is_overdue(
                ombudsman_case=ombudsman_case, today=today
            ),
            "remedies": selectors.ombudsman_case_remedies(
                ombudsman_case=ombudsman_case, today=today
            ),
            "documents": ombudsman_case.documents.select_related("sent_by"),
            "timeline": selectors.ombudsman_case_timeline(ombudsman_case=ombudsman_case),
            "steps": selectors.transitions_available(
                ombudsman_case=ombudsman_case, user=request.user
            ),
            "can_liaise": request.user.has_perm(LIAISE),
            "can_comply": request.user.has_perm(LIAISE) or request.user.has_perm(COMPLY),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    _require_liaison(request)
    organisation = _organisation()
    complaint = None
    reference = request.GET.get("case", "")
    if reference:
        complaint = selectors.complaint_for_user(user=request.user, reference=reference)
        if complaint is None:
            raise Http404("No such complaint")
    initial = {}
    if complaint is not None:
        body = selectors.body_for_case(case=complaint)
        initial = {
            "complaint_reference": complaint.reference,
            "summary": complaint.summary[:200],
            "body": body.pk if body else None,
        }
    form = OmbudsmanCaseForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        linked = None
        if data["complaint_reference"]:
            linked = selectors.complaint_for_user(
                user=request.user, reference=data["complaint_reference"].strip().upper()
            )
            if linked is None:
                form.add_error("complaint_reference", "There is no complaint with that reference")
        if not form.errors:
            ombudsman_case = _attempt(
                form,
                lambda: services.ombudsman_case_open(
                    organisation=organisation,
                    user=request.user,
                    body=data["body"],
                    ombudsman_reference=data["ombudsman_reference"].strip(),
                    enquiry_received_on=data["enquiry_received_on"],
                    summary=data["summary"],
                    case=linked,
                    service=data["service"],
                    origin=data["origin"] or None,
                    complainant_name=data["complainant_name"],
                    investigator_name=data["investigator_name"],
                    investigator_email=data["investigator_email"],
                    investigator_phone=data["investigator_phone"],
                    response_due=data["response_due"],
                    assigned_to=data["assigned_to"],
                ),
            )
            if ombudsman_case is not None:
                message = f"Ombudsman enquiry {ombudsman_case} recorded"
                return _to_case_page(request, ombudsman_case, message)
    return render(
        request,
        "ombudsman/officer/open.html",
        {"form": form, "complaint": complaint},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    _require_liaison(request)
    fields = [f for f in services.UPDATABLE_FIELDS if f != "service"]
    initial = {name: getattr(ombudsman_case, name) for name in fields}
    form = OmbudsmanCaseEditForm(
        request.POST or None, organisation=ombudsman_case.organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in fields}
        saved = _attempt(
            form,
            lambda: services.ombudsman_case_update(
                ombudsman_case=ombudsman_case,
                user=request.user,
                changes=changes,
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            return _to_case_page(request, ombudsman_case, "Details saved")
    return render(
        request,
        "ombudsman/officer/form.html",
        {"form": form, "ocase": ombudsman_case, "heading": "Change the details"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    _require_liaison(request)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.document_record(
            ombudsman_case=ombudsman_case, user=request.user, **form.cleaned_data
        )
        return _to_case_page(request, ombudsman_case, "Document recorded")
    return render(
        request,
        "ombudsman/officer/form.html",
        {"form": form, "ocase": ombudsman_case, "heading": "Record a document sent"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One lifecycle step (a button on the case page) with its form."""
    if name not in TRANSITION_LABELS:
        raise Http404("No such step")
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    if name == "record_final_decision":
        return _decision(request, ombudsman_case)
    _require_liaison(request)
    allowed = dict(
        selectors.transitions_available(ombudsman_case=ombudsman_case, user=request.user)
    )
    if name not in allowed:
        state = ombudsman_case.get_state_display().lower()
        messages.error(request, f"That step is not possible while the case is {state}")
        return redirect("ombudsman:detail", pk=ombudsman_case.pk)
    form = StepForm(request.POST or None, step=name)
    if request.method == "POST" and form.is_valid():
        moved = _attempt(
            form,
            lambda: services.ombudsman_case_transition(
                ombudsman_case=ombudsman_case,
                name=name,
                user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                data=form.step_data(),
            ),
        )
        if moved is not None:
            message = f"{moved}: {moved.get_state_display()}"
            return _to_case_page(request, moved, message)
    return render(
        request,
        "ombudsman/officer/form.html",
        {"form": form, "ocase": ombudsman_case, "heading": allowed[name]},
    )


def _decision(request: HttpRequest, ombudsman_case) -> HttpResponse:
    _require_liaison(request)
    allowed = dict(
        selectors.transitions_available(ombudsman_case=ombudsman_case, user=request.user)
    )
    if "record_final_decision" not in allowed:
        messages.error(request, "A final decision cannot be recorded at this stage")
        return redirect("ombudsman:detail", pk=ombudsman_case.pk)
    organisation = ombudsman_case.organisation
    form = DecisionForm(request.POST or None)
    formset = RemedyFormSet(
        request.POST or None, prefix="remedy", form_kwargs={"organisation": organisation}
    )
    if request.method == "POST":
        form_ok = form.is_valid()
        formset.decision = form.cleaned_data.get("decision", "") if form_ok else ""
        if form_ok and formset.is_valid():
            remedies = [
                services.RemedyInput(
                    kind=f.cleaned_data["kind"],
                    description=f.cleaned_data["description"],
                    due_on=f.cleaned_data["due_on"],
                    amount=f.cleaned_data.get("amount"),
                    owner=f.cleaned_data.get("owner"),
                )
                for f in formset.forms
                if f.has_changed()
            ]
            decided = _attempt(
                form,
                lambda: services.ombudsman_decision_record(
                    ombudsman_case=ombudsman_case,
                    user=request.user,
                    decision=form.cleaned_data["decision"],
                    decided_on=form.cleaned_data["decided_on"],
                    summary=form.cleaned_data["summary"],
                    remedies=remedies,
                ),
            )
            if decided is not None:
                return _to_case_page(request, ombudsman_case, "Final decision recorded")
    return render(
        request,
        "ombudsman/officer/decision.html",
        {"form": form, "formset": formset, "ocase": ombudsman_case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def remedy_add(request: HttpRequest, pk: int) -> HttpResponse:
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    _require_liaison(request)
    form = RemedyForm(request.POST or None, organisation=ombudsman_case.organisation)
    if request.method == "POST" and form.is_valid():
        added = _attempt(
            form,
            lambda: services.remedy_add(
                ombudsman_case=ombudsman_case,
                user=request.user,
                remedy=services.RemedyInput(**form.cleaned_data),
            ),
        )
        if added is not None:
            return _to_case_page(request, ombudsman_case, "Remedy added")
    return render(
        request,
        "ombudsman/officer/form.html",
        {"form": form, "ocase": ombudsman_case, "heading": "Add a recommended remedy"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def remedy_comply(request: HttpRequest, pk: int, remedy_pk: int) -> HttpResponse:
    ombudsman_case = selectors.ombudsman_case_get_for_user(user=request.user, pk=pk)
    if not (request.user.has_perm(LIAISE) or request.user.has_perm(COMPLY)):
        raise PermissionDenied
    remedy = get_object_or_404(ombudsman_case.remedies, pk=remedy_pk)
    financial = remedy.kind == RemedyKind.FINANCIAL
    initial = {
        "complied_on": remedy.complied_on,
        "evidence": remedy.evidence,
        "amount_paid": remedy.amount_paid if remedy.amount_paid is not None else remedy.amount,
        "sent_to_ombudsman_on": remedy.sent_to_ombudsman_on,
    }
    form = ComplianceForm(request.POST or None, financial=financial, initial=initial)
    if request.method == "POST" and form.is_valid():
        complied = _attempt(
            form,
            lambda: services.remedy_compliance_record(
                remedy=remedy, user=request.user, **form.cleaned_data
            ),
        )
        if complied is not None:
            message = f"{remedy.get_kind_display()}: compliance recorded"
            return _to_case_page(request, ombudsman_case, message)
    return render(
        request,
        "ombudsman/officer/form.html",
        {
            "form": form,
            "ocase": ombudsman_case,
            "remedy": remedy,
            "heading": f"Record compliance: {remedy.get_kind_display()}",
        },
    )

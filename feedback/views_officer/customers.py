"""The single view of a customer: details, every case the officer may see, accessibility
needs, and the contact restriction (recorded only with feedback.restrict_contact)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..access_log import access_record
from ..forms_officer import AdjustmentsForm, RestrictionForm
from ..models import AccessLogEntry
from ..selectors import customer_cases_for_user, customer_get_for_user
from ..subject_access import subject_access_export
from .access import casework_required


def _page(request, customer, *, adjustments=None, restriction=None) -> HttpResponse:
    user = request.user
    if adjustments is None and user.has_perm("feedback.change_customer"):
        adjustments = AdjustmentsForm(
            prefix="adjustments",
            initial={
                "preferred_format": customer.preferred_format,
                "preferred_language": customer.preferred_language,
                "accessibility_needs": customer.accessibility_needs,
                "reasonable_adjustments": customer.reasonable_adjustments,
                "review_on": customer.adjustments_review_on,
            },
        )
    if restriction is None and user.has_perm("feedback.restrict_contact"):
        restriction = RestrictionForm(
            prefix="restriction",
            initial={
                "restriction": customer.contact_restriction,
                "review_on": customer.contact_restriction_review_on,
            },
        )
    return render(
        request,
        "feedback/officer/customer_detail.html",
        {
            "customer": customer,
            "cases": list(customer_cases_for_user(user=user, customer=customer)),
            "adjustments_form": adjustments,
            "restriction_form": restriction,
            "form_errors": [f for f in (adjustments, restriction) if f is not None and f.errors],
            "subject_access_days": settings.SUBJECT_ACCESS_EXPORT_DAYS,
        },
    )


@casework_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    access_record(
        request=request,
        kind=AccessLogEntry.Kind.CUSTOMER,
        object_id=customer.pk,
        customer_id=customer.pk,
    )
    return _page(request, customer)


@require_POST
@casework_required
def customer_adjustments(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("feedback.change_customer"):
        raise PermissionDenied
    form = AdjustmentsForm(request.POST, prefix="adjustments")
    if not form.is_valid():
        return _page(request, customer, adjustments=form)
    services.customer_adjustments_record(
        customer=customer,
        preferred_format=form.cleaned_data["preferred_format"],
        preferred_language=form.cleaned_data["preferred_language"],
        accessibility_needs=form.cleaned_data["accessibility_needs"],
        reasonable_adjustments=form.cleaned_data["reasonable_adjustments"],
        review_on=form.cleaned_data["review_on"],
        actor=request.user,
    )
    messages.success(request, "Accessibility needs and adjustments saved")
    return redirect("officer:customer_detail", pk=customer.pk)


@require_POST
@casework_required
def customer_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("feedback.restrict_contact"):
        raise PermissionDenied
    form = RestrictionForm(request.POST, prefix="restriction")
    if not form.is_valid():
        return _page(request, customer, restriction=form)
    services.customer_restriction_record(
        customer=customer,
        restriction=form.cleaned_data["restriction"],
        review_on=form.cleaned_data["review_on"],
        actor=request.user,
    )
    text = "recorded" if form.cleaned_data["restriction"].strip() else "lifted"
    messages.success(request, f"Contact restriction {text}")
    return redirect("officer:customer_detail", pk=customer.pk)


@require_POST
@casework_required
def customer_subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: the zip of everything held about the customer (recorded on their cases)."""
    customer = customer_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("feedback.export_customer_data"):
        raise PermissionDenied
    export = subject_access_export(customer=customer, actor=request.user)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
    )

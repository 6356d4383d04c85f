"""Erasure and rectification on request, from the customer page (feedback.erasure). Erasure
takes two steps: the request (cases, lawful basis, reason), then a confirmation page that says
what will go, with counts, and that it cannot be undone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..erasure import (
    ErasureRefused,
    LawfulBasis,
    customer_erase,
    customer_rectify,
    erasure_preview,
)
from ..forms_privacy import ErasureForm, RectificationForm
from ..selectors import customer_cases_for_user, customer_get_for_user
from .access import casework_required


def _customer_for(request: HttpRequest, pk: int, permission: str):
    customer = customer_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return customer


@casework_required
def customer_erase_request(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer_for(request, pk, "feedback.erase_customer_data")
    cases = customer_cases_for_user(user=request.user, customer=customer).filter(
        anonymised_at__isnull=True
    )
    if request.method != "POST":
        form = ErasureForm(cases=cases, initial={"cases": list(cases)})
        return _erase_page(request, customer, form)
    form = ErasureForm(request.POST, cases=cases)
    if not form.is_valid():
        return _erase_page(request, customer, form)
    chosen = list(form.cleaned_data["cases"].order_by("received_at"))
    try:
        preview = erasure_preview(customer=customer, cases=chosen)
    except ErasureRefused as refused:
        form.add_error("cases", str(refused))
        return _erase_page(request, customer, form)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "feedback/officer/customer_erase_confirm.html",
            {
                "customer": customer,
                "form": form,
                "preview": preview,
                "basis": LawfulBasis(form.cleaned_data["lawful_basis"]).label,
            },
        )
    try:
        erased = customer_erase(
            customer=customer,
            cases=chosen,
            reason=form.cleaned_data["reason"],
            lawful_basis=form.cleaned_data["lawful_basis"],
            actor=request.user,
        )
    except ErasureRefused as refused:
        form.add_error("cases", str(refused))
        return _erase_page(request, customer, form)
    messages.success(
        request, f"Personal data erased from {len(erased)} case{'s' if len(erased) != 1 else ''}"
    )
    return redirect("officer:customer_detail", pk=customer.pk)


def _erase_page(request: HttpRequest, customer, form: ErasureForm) -> HttpResponse:
    return render(
        request, "feedback/officer/customer_erase.html", {"customer": customer, "form": form}
    )


@casework_required
def customer_rectify_request(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer_for(request, pk, "feedback.rectify_customer_data")
    form = RectificationForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        # The form wrote the new values onto the instance while validating: start again.
        customer.refresh_from_db()
        changed = customer_rectify(
            customer=customer, changes=data, reason=form.cleaned_data["reason"], actor=request.user
        )
        if not changed:
            form.add_error(None, "Nothing was changed: correct at least one detail")
        else:
            messages.success(request, "Customer's details corrected")
            return redirect("officer:customer_detail", pk=customer.pk)
    return render(
        request, "feedback/officer/customer_rectify.html", {"customer": customer, "form": form}
    )

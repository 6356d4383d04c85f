"""The case list's bulk actions: assign several cases (absence cover) and export the filtered
list as CSV. Both act only on cases the user may see, through the same filters as the list."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import clock, services
from ..filters import CaseFilter
from ..selectors import case_list_for_user, officers_who_can_act, organisation_current
from ..spreadsheets import neutralise
from .access import casework_required

EXPORT_LIMIT = 10_000


class BulkAssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=None,
        label="Assign the selected cases to",
        empty_label="Select an officer",
        error_messages={"required": "Select the officer to assign the cases to"},
    )

    def __init__(self, *args, user, organisation=None, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        field.label_from_instance = lambda u: u.get_full_name() or u.username
        if officers is None or self.is_bound:
            field.queryset = officers_who_can_act(
                organisation=organisation or organisation_current()
            )
        else:
            # The list page hands over the officers it already read (`can_act` marked), so
            # rendering the menu costs no query, nor building officers_who_can_act's (its
            # permission joins cost a millisecond); it is submitted to the bulk view, which
            # checks the officer with officers_who_can_act.
            field.queryset = get_user_model().objects.filter(
                pk__in=[u.pk for u in officers if u.can_act]
            )
            field.choices = [
                ("", field.empty_label),
                *((u.pk, field.label_from_instance(u)) for u in officers if u.can_act),
            ]
        self.user = user

    def clean(self):
        cleaned = super().clean()
        # The ticked rows of the list (checkboxes named "case", outside this form's fields).
        cleaned["case"] = [ref for ref in self.data.getlist("case") if ref]
        if not cleaned["case"]:
            self.add_error(None, "Select at least one case")
        return cleaned


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return "officer:case_list"


@require_POST
@casework_required
def case_bulk_assign(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("feedback.assign_case"):
        raise PermissionDenied
    form = BulkAssignForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(request))
    references = form.cleaned_data["case"]
    # Only cases the user may see: a reference outside them is simply not found.
    cases = list(
        case_list_for_user(request.user)
        .filter(reference__in=references)
        .select_related("service")
        .order_by("reference")
    )
    if len(cases) != len(set(references)):
        messages.error(request, "Some of the selected cases could not be found.")
        return redirect(_back(request))
    officer = form.cleaned_data["officer"]
    try:
        services.cases_assign(cases=cases, officer=officer, actor=request.user)
    except ValueError as refusal:
        messages.error(request, str(refusal))
        return redirect(_back(request))
    name = officer.get_full_name() or officer.get_username()
    messages.success(
        request, f"{len(cases)} case{'s' if len(cases) != 1 else ''} assigned to {name}"
    )
    return redirect(_back(request))


COLUMNS = (
    "Reference",
    "Kind",
    "Customer",
    "Summary",
    "Service",
    "Status",
    "Assigned to",
    "Received",
    "Respond by",
    "Overdue",
)


@casework_required
def case_list_export(request: HttpRequest) -> HttpResponse:
    """The filtered case list as CSV: the same filters and scoping as the page, every page."""
    today = clock.today()
    cases = case_list_for_user(request.user, today=today).order_by("-received_at", "-pk")
    case_filter = CaseFilter(request.GET or None, queryset=cases, request=request, today=today)
    results = case_filter.qs if case_filter.is_bound and case_filter.is_valid() else cases
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cases-{today:%Y-%m-%d}.csv"'
    # Personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for case in results[:EXPORT_LIMIT]:
        assigned = case.assigned_to
        writer.writerow(
            neutralise(value)
            for value in (
                case.reference,
                case.get_kind_display(),
                case.customer.full_name if case.customer else "",
                case.summary,
                case.service.name,
                case.get_state_display(),
                (assigned.get_full_name() or assigned.get_username()) if assigned else "",
                clock.local_date(case.received_at).isoformat(),
                case.respond_by.isoformat() if case.respond_by else "",
                "yes" if case.is_overdue else "",
            )
        )
    return response

"""Log a contact: feedback an officer takes by phone, in person, by letter or email, or from a
councillor on the customer's behalf. It becomes a case exactly as a web submission does."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import services
from ..forms_officer import LogContactForm
from ..selectors import organisation_current
from .access import officer_required


@officer_required("feedback.view_case", "feedback.log_contact")
def log_contact(request: HttpRequest) -> HttpResponse:
    organisation = organisation_current()
    form = LogContactForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.CustomerDetails(
            **{
                name: data[name] or (None if name.endswith("_on") else "")
                for name in LogContactForm.CUSTOMER_FIELDS
            }
        )
        case = services.case_create(
            organisation=organisation,
            kind=data["kind"],
            service=data["service"],
            channel=data["channel"],
            category=data["category"],
            summary=data["summary"],
            description=data["description"],
            outcome_wanted=data["outcome_wanted"],
            staff_member_named=data["staff_member_named"],
            customer_details=details,
            received_at=data["received_at"],
            created_by=request.user,
            # The officer took these details from the person: they may update the record.
            customer_trusted=True,
        )
        messages.success(request, f"{case.get_kind_display()} logged as {case.reference}")
        return redirect("officer:case_detail", reference=case.reference)
    return render(
        request,
        "feedback/officer/log_contact.html",
        {"form": form, "form_errors": [form] if form.errors else []},
    )

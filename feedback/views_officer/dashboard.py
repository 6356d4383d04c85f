from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..reviews import reviews_due
from ..selectors import dashboard_for, organisation_current, user_can_see_cases


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Casework for officers: their work queues. A committee member (statistics only) lands
    on the committee reports, with no personal data on the way."""
    if not user_can_see_cases(request.user):
        if request.user.has_perm("feedback.view_statistics"):
            # A URL name, not an import: the reports sit in a layer above the core.
            return redirect("reporting:index")
        return render(request, "feedback/officer/dashboard_statistics.html")
    reviews = []
    if request.user.has_perm("feedback.restrict_contact"):  # the complaints manager
        organisation = organisation_current()
        reviews = reviews_due(organisation=organisation) if organisation else []
    return render(
        request,
        "feedback/officer/dashboard.html",
        {"dashboard": dashboard_for(user=request.user), "reviews": reviews},
    )

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..reviews import reviews_due
from ..selectors import dashboard_for, organisation_current, user_can_see_cases


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Casework for officers; committee members (statistics only) are sent on to the
    statistics, with no personal data on the way."""
    if not user_can_see_cases(request.user):
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

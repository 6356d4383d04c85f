"""The privacy notice: what we collect, why, for how long and the public's rights, from the
council's own settings and its retention schedule (feedback.retention)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import FeedbackKind, RetentionRule
from ..retention import retention_schedule
from .common import organisation_or_none


def privacy(request: HttpRequest) -> HttpResponse:
    organisation = organisation_or_none(request)
    schedule = retention_schedule(organisation=organisation) if organisation else {}
    kept = [
        (FeedbackKind(kind).label, schedule[(kind, RetentionRule.Outcome.ANY)])
        for kind in FeedbackKind.values
        if (kind, RetentionRule.Outcome.ANY) in schedule
    ]
    ombudsman_years = schedule.get((FeedbackKind.COMPLAINT, RetentionRule.Outcome.OMBUDSMAN))
    context = {
        "kept": kept,
        "ombudsman_years": ombudsman_years,
        "contact_email": organisation.data_protection_email or organisation.email
        if organisation
        else "",
    }
    return render(request, "feedback/public/privacy.html", context)

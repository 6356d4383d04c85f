"""The complaint page's Ombudsman panel, and the links back from an Ombudsman case to its
complaint. The panel loads what it shows in two queries, whatever the number of cases."""

from django import template
from django.urls import NoReverseMatch, reverse

from ..models import LIAISE
from ..selectors import ombudsman_cases_for_complaint

register = template.Library()


@register.simple_tag
def complaint_url(case) -> str:
    """The officer page of a complaint (feedback's officer pages own it)."""
    try:
        return reverse("officer:case_detail", args=[case.reference])
    except NoReverseMatch:  # the officer pages are not installed (e.g. an API-only deployment)
        return ""


@register.inclusion_tag("ombudsman/officer/_panel.html", takes_context=True)
def ombudsman_case_panel(context, case) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or case is None:
        return {"show": False}
    return {
        "show": True,
        "case": case,
        "ombudsman_cases": ombudsman_cases_for_complaint(user=user, case=case),
        "can_liaise": user.has_perm(LIAISE),
    }

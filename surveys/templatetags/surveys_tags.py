"""The survey panel of the officer's case page: one query. It says whether the customer was
asked and answered, never what they answered (the answers are statistics, not case notes)."""

from django import template

from ..services import is_surveyed

register = template.Library()


@register.inclusion_tag("surveys/officer/_panel.html")
def surveys_case_panel(case):
    return {
        "case": case,
        "surveyed": is_surveyed(case),
        "invitations": list(case.survey_invitations.order_by("stage")),
        "by_post": not case.reply_address,
    }

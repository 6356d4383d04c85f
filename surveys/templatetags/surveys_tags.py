"""The survey panel of the officer's case page: one query. It says whether the customer was
asked and answered, never what they answered (the answers are statistics, not case notes)."""

from django import template

from ..services import PAPER_ANSWER_PERMISSIONS, is_surveyed

register = template.Library()


@register.inclusion_tag("surveys/officer/_panel.html", takes_context=True)
def surveys_case_panel(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "may_record_paper": bool(user and user.has_perms(PAPER_ANSWER_PERMISSIONS)),
        "case": case,
        "surveyed": is_surveyed(case),
        "invitations": list(case.survey_invitations.order_by("stage")),
        "by_post": not case.reply_address,
    }

from django import template

from ..links import MAX_AGE_DAYS, questionnaire_url

register = template.Library()


@register.inclusion_tag("equality/public/_offer.html")
def equality_offer(case):
    """The confirmation page's invitation: a link to the questionnaire for this case."""
    return {"url": questionnaire_url(case=case)}


@register.inclusion_tag("equality/officer/_panel.html", takes_context=True)
def equality_case_panel(context, case):
    """The case page's panel: a link to give the customer and a way to fill the questionnaire
    in with them. It shows no answers and not whether there are any."""
    request = context["request"]
    return {
        "case": case,
        "link": request.build_absolute_uri(questionnaire_url(case=case)),
        "days": MAX_AGE_DAYS,
    }

"""Small helpers of the officer templates."""

from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.simple_tag
def case_rows(rows, *, selectable) -> SafeString:
    """The officer case list's rows (feedback/jinja2/feedback/officer/case_rows.html), with a box to
    select each one for bulk assignment when `selectable`."""
    fragment = engines["jinja2"].get_template("feedback/officer/case_rows.html")
    # Jinja2 escaped every value as it printed it (autoescape, as Django's backend sets it).
    return mark_safe(fragment.render({"rows": rows, "selectable": bool(selectable)}))  # noqa: S308

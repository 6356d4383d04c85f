"""Small helpers of the officer templates."""

from django import template
from django.utils.safestring import SafeString

from govuk_forms.jinja_env import fragment

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
    return fragment(
        "feedback/officer/case_rows.html", {"rows": rows, "selectable": bool(selectable)}
    )

"""Small helpers for GOV.UK form markup in the officer templates."""

from datetime import date

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def field_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first input of the field."""
    if field.widget_type == "radioselect":
        return f"{field.auto_id}_0"
    if field.widget_type == "govukdate":
        return f"{field.auto_id}_day"
    return field.auto_id


@register.filter
def date_parts(field: BoundField) -> dict:
    value = field.value()
    if isinstance(value, date):
        return {"day": value.day, "month": value.month, "year": value.year}
    if isinstance(value, list | tuple):
        day, month, year = (list(value) + [None, None, None])[:3]
        return {"day": day or "", "month": month or "", "year": year or ""}
    return {"day": "", "month": "", "year": ""}


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()

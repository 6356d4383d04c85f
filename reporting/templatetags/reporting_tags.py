from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A table cell as text: money with pence, rates to one decimal place, "–" for a figure
    that cannot be computed (for example a percentage of nothing)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"£{intcomma(f'{value:.2f}')}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return intcomma(value)
    return str(value)


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def change(value: Any) -> str:
    """A change with its sign, so "+3" and "−2" read the same in print and on screen."""
    if value is None:
        return "–"
    text = figure(abs(value)) if value else "0"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key)

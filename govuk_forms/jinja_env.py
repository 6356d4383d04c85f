"""The Jinja2 environment of the few fragments rendered by Jinja2 (docs/decisions/0006): the
GOV.UK field filters, and values printed as Django's engine prints them."""

from typing import Any

import jinja2
from django.conf import settings
from django.template import engines
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from .templatetags import govuk_fields


def fragment(name: str, context: dict[str, Any]) -> SafeString:
    """The Jinja2 template `name` (an app's jinja2/ folder), printed for a Django template."""
    html = engines["jinja2"].get_template(name).render(context)
    # Jinja2 escaped every value as it printed it (autoescape, as Django's backend sets it).
    return mark_safe(html)  # noqa: S308


def field_printed(field: Any) -> SafeString:
    """One field as the GOV.UK field include (govuk_forms/field.html) prints it."""
    return fragment("govuk_forms/field.html", {"field": field})


def printed(value: Any) -> Any:
    """A value as `{{ value }}` prints it in a Django template (local time, localised)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        # What localize() gives a whole number without grouping, without its three format
        # look-ups (about 20 µs a call; a list page prints a dozen counts and page numbers).
        return str(value)
    return localize(template_localtime(value))


def printed_or_blank(value: Any) -> Any:
    """As Django's `default_if_none:""`."""
    return "" if value is None else printed(value)


def environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(**options)  # noqa: S701 (Django's backend passes autoescape=True)
    env.filters.update(
        field_kind=govuk_fields.field_kind,
        described_by=govuk_fields.described_by,
        date_parts=govuk_fields.date_parts,
        select_options=govuk_fields.select_options,
        printed=printed,
        printed_or_blank=printed_or_blank,
    )
    return env

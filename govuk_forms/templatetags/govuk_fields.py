"""What the one GOV.UK field include (govuk_forms/field.html) and the one error summary
(govuk_forms/error_summary.html) need to know about a form field: which GOV.UK component draws
it, what each box of a date input shows, and the id an error links to. Every app's officer and
public pages use it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape

register = template.Library()

DATE_PARTS = ("day", "month", "year")

# Django's `widget_type` (the widget's class name) to the GOV.UK component that draws it.
COMPONENTS = {
    "radioselect": "radios",
    "checkbox": "checkbox",
    "textarea": "textarea",
    "select": "select",
    "file": "file",
    "clearablefile": "file",
    "email": "email",
    "date": "date",
    "number": "number",
}


@dataclass(frozen=True)
class DateBoxes:
    """A date asked as three fields of their own, `<prefix>_day`, `_month` and `_year` (the
    report period form), drawn like one GOV.UK date input. It offers what the include reads of
    a bound field; the day's error stands for the date."""

    auto_id: str
    html_name: str
    label: str
    help_text: str
    errors: list
    typed: tuple

    def value(self) -> list:
        return list(self.typed)


def _is_date_input(widget: forms.Widget) -> bool:
    # Each app's date widget is a MultiWidget named day, month, year; one named "DateWidget"
    # has the same `widget_type` as Django's <input type="date">, so the name cannot tell.
    return isinstance(widget, forms.MultiWidget) and widget.widgets_names == [
        f"_{part}" for part in DATE_PARTS
    ]


@register.filter
def field_kind(field: BoundField | DateBoxes) -> str:
    if isinstance(field, DateBoxes) or _is_date_input(field.field.widget):
        return "date_input"
    return COMPONENTS.get(field.widget_type, "text")


@register.filter
def select_options(field: BoundField) -> SafeString:
    """A select's `<option>`s, as Django's Select widget marks them (the first choice whose
    value matches is selected; groups flattened), without building a widget per option: a
    list page's filter menus drew 60 options through `{% for option in field %}` on every
    request."""
    widget = field.field.widget
    wanted = set(widget.format_value(field.value()))
    options = []
    selected_one = False
    for value, label in widget.choices:
        for option_value, option_label in (
            label if isinstance(label, list | tuple) else [(value, label)]
        ):
            text = "" if option_value is None else str(option_value)
            selected = not selected_one and text in wanted
            selected_one = selected_one or selected
            # markupsafe's escape (C), not format_html's: a third of the list page's escaping
            # was here. It leaves safe strings alone, as Django does.
            options.append(
                f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                f"{escape(option_label)}</option>"
            )
    return mark_safe("".join(options))  # noqa: S308 (every value escaped above)


@register.filter
def date_parts(field: BoundField | DateBoxes) -> dict[str, Any]:
    """What each box shows: the text typed when the form comes back with an error, else the
    parts of the date it was given."""
    value = field.value()
    if isinstance(value, date):
        return {"day": value.day, "month": value.month, "year": value.year}
    if isinstance(value, list | tuple):
        typed = [*value, None, None, None][:3]
        return {
            part: "" if text is None else text for part, text in zip(DATE_PARTS, typed, strict=True)
        }
    return dict.fromkeys(DATE_PARTS, "")


@register.filter
def field_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first input of the field."""
    kind = field_kind(field)
    if kind == "radios":
        return f"{field.auto_id}_0"
    if kind == "date_input":
        return f"{field.auto_id}_day"
    return field.auto_id


@register.simple_tag
def date_boxes(form: forms.Form, prefix: str, label: str, hint: str = "") -> DateBoxes:
    names = [f"{prefix}_{part}" for part in DATE_PARTS]
    return DateBoxes(
        auto_id=f"id_{prefix}",
        html_name=prefix,
        label=label,
        help_text=hint,
        errors=form[names[0]].errors,
        typed=tuple(form[name].value() for name in names),
    )


@register.filter
def described_by(field: BoundField | DateBoxes) -> str:
    """The ` aria-describedby` attribute naming the field's hint and error, when it has them."""
    ids = [
        f"{field.auto_id}-{what}"
        for what, present in (("hint", field.help_text), ("error", field.errors))
        if present
    ]
    return format_html(' aria-describedby="{}"', " ".join(ids)) if ids else ""


@register.simple_tag
def error_links(form=None, forms=(), formset=None) -> list[tuple[str, str]]:
    """(anchor, message) for each error of `form`, of each of `forms` and of `formset`, in page
    order. One that lists its own (`error_links()`: the public forms, a formset) is asked;
    otherwise a field's error links to its first input and a form-wide error to
    `#<prefix>-form` (`#main-form`)."""
    links = []
    for each in [form, *(forms or ()), formset]:
        if not each:
            continue
        own = getattr(each, "error_links", None)
        if callable(own):
            links.extend(own())
            continue
        form_anchor = f"{getattr(each, 'prefix', None) or 'main'}-form"
        links.extend((form_anchor, str(error)) for error in each.non_field_errors())
        links.extend((field_anchor(field), str(error)) for field in each for error in field.errors)
    return links


@register.simple_tag
def govuk_field(field: BoundField | DateBoxes) -> SafeString:
    """One field as its GOV.UK component (govuk_forms/jinja2/govuk_forms/field.html, printed by
    Jinja2: docs/decisions/0006). Every app reaches it through `govuk_forms/field.html`."""
    from ..jinja_env import fragment  # it imports this module for the filters

    return fragment("govuk_forms/field.html", {"field": field})

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from govuk_forms.jinja_env import fragment

from ..public_urls import public_url as _public_url

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """`{{ hints|get_item:value }}`: a dictionary lookup by a variable key."""
    if not mapping:
        return ""
    return mapping.get(str(key), "")


# What the public form's includes are given with `{% include … with … %}`; any missing is None.
_FIELD_OPTIONS = (
    "heading",
    "legend",
    "label",
    "label_class",
    "input_class",
    "type",
    "autocomplete",
    "spellcheck",
    "small",
    "hints",
)


@register.simple_tag(takes_context=True)
def public_field(context, component: str) -> SafeString:
    """One of the public form's fields (`component`: input, radios or textarea), printed by
    Jinja2 (feedback/jinja2/feedback/public/includes/; docs/decisions/0006) with the options
    its include was given."""
    options = {name: context.get(name) for name in _FIELD_OPTIONS}
    return fragment(
        f"feedback/public/includes/{component}.html", {"field": context["field"], **options}
    )


@register.simple_tag
def public_url(name: str, *args) -> str:
    """`{% url name args %}` for the public form's own pages, reversed once per process
    (feedback.public_urls)."""
    return _public_url(name, *(str(arg) for arg in args))


# What `{% include "govuk_forms/error_summary.html" %}` prints when there is nothing to list.
_NO_ERROR_SUMMARY = "\n"


@register.simple_tag(takes_context=True)
def public_question(context) -> SafeString:
    """A question page below its heading (the error summary, the form, its fields and button),
    printed by Jinja2 (feedback/jinja2/feedback/public/steps/<step>.html; docs/decisions/0006):
    Django's engine cost about half of a question page's CPU. The error summary stays the one
    Django include, rendered only when the form has errors."""
    form = context["form"]
    step = context["step"]
    if form.errors:
        summary = context.template.engine.get_template("govuk_forms/error_summary.html")
        error_summary = summary.render(context)
    else:
        error_summary = _NO_ERROR_SUMMARY
    return fragment(
        f"feedback/public/steps/{step.name}.html",
        {
            "form": form,
            "kind": context["kind"],
            "change": context["change"],
            "action": context["action"],
            "hints": context.get("hints"),
            "acting_for": context["draft"].step_data("representative").get("acting_for"),
            "error_summary": error_summary,
            "csrf_input": _csrf_input(context),
        },
    )


# What the csrf context processor gives a request the middleware did not see.
_CSRF_NOT_PROVIDED = "NOTPROVIDED"  # noqa: S105 (a marker, not a secret)


def _csrf_input(context) -> SafeString:
    """What `{% csrf_token %}` prints."""
    token = context.get("csrf_token")
    if not token or token == _CSRF_NOT_PROVIDED:
        return format_html("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)

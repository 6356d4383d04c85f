from django import template
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

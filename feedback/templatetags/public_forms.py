from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

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
    body = engines["jinja2"].get_template(f"feedback/public/includes/{component}.html")
    options = {name: context.get(name) for name in _FIELD_OPTIONS}
    # Jinja2 escaped every value as it printed it (autoescape, as Django's backend sets it).
    return mark_safe(body.render({"field": context["field"], **options}))  # noqa: S308

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """`{{ hints|get_item:value }}`: a dictionary lookup by a variable key."""
    if not mapping:
        return ""
    return mapping.get(str(key), "")

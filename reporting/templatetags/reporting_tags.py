import re
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A table cell as text: money with pence, rates to one decimal place, "–" for a figure
    that cannot be computed (for example a percentage of nothing). Thousands are grouped by
    commas, as in English and Welsh (Django's intcomma, without its per-call locale lookups:
    a report prints thousands of figures)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
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


@register.simple_tag
def report_table(table: Any, download_base: str = "", beside_chart: bool = False) -> SafeString:
    """A report's table (reporting/jinja2/reporting/table.html, printed by Jinja2:
    docs/decisions/0006), each cell's text made here: the row's label as it is, a change with
    its sign, any other figure by `figure`; numbers kept on one line."""
    from govuk_forms.jinja_env import fragment, printed

    changes = table.change_columns
    rows = [
        (
            printed(row[0]) if row else None,
            [
                (change(value) if position in changes else figure(value), is_number(value))
                for position, value in enumerate(row[1:], start=1)
            ],
        )
        for row in table.rows
    ]
    return fragment(
        "reporting/table.html",
        {
            "table": table,
            "rows": rows,
            "download_base": download_base,
            "beside_chart": bool(beside_chart),
        },
    )


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key)


_CODE_SPAN = re.compile(r"``(.+?)``|`(.+?)`")


def _inline(text: str) -> str:
    """One paragraph or list item: its wrapped lines joined, code spans as <code>."""
    escaped = conditional_escape(" ".join(line.strip() for line in text.splitlines()))
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped)


@register.filter
def definition_html(docstring: str) -> str:
    """A measure's docstring (its definition) as a reader sees it: paragraphs, bulleted lists
    and field names, not the reStructuredText marks a developer wrote."""
    blocks = []
    for block in re.split(r"\n\s*\n", docstring.strip()):
        items = re.split(r"^\* ", block, flags=re.MULTILINE)
        if len(items) > 1:
            lead = f"<p>{_inline(items[0])}</p>" if items[0].strip() else ""
            rows = "".join(f"<li>{_inline(item)}</li>" for item in items[1:])
            blocks.append(f'{lead}<ul class="govuk-list govuk-list--bullet">{rows}</ul>')
        else:
            blocks.append(f"<p>{_inline(block)}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece of text above is escaped

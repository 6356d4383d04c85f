"""Cells a spreadsheet opens safely: the one rule for every CSV the product writes (the case
list's export here, the committee reports' downloads in reporting.exports)."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (starting = + - @, or a tab or carriage
    return that hides one) gets a leading apostrophe (OWASP "CSV injection"). Numbers stay
    numbers: a negative change is a number, not text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

"""CSV and XLSX downloads of a report's tables (tablib)."""

from typing import Any

import tablib

from feedback.spreadsheets import neutralise

from .tables import Table, as_number


def _cell(value: Any) -> Any:
    """Money stays a Decimal with pence: "215.50" in a CSV, a number in a spreadsheet."""
    if value is None:
        return ""
    return neutralise(as_number(value))


def dataset(table: Table) -> tablib.Dataset:
    data = tablib.Dataset(headers=[neutralise(c) for c in table.columns], title=table.title[:31])
    for row in table.rows:
        data.append([_cell(value) for value in row])
    return data


def table_export(table: Table, *, fmt: str) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark, so Excel reads £ correctly) or XLSX."""
    data = dataset(table)
    if fmt == "csv":
        return ("\ufeff" + data.export("csv")).encode("utf-8")
    if fmt == "xlsx":
        return data.export("xlsx")
    raise ValueError(f"Unknown format {fmt}")


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

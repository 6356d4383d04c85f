"""Filters for LOGGING (config.settings)."""

import logging


class DropUnknownSvgProperties(logging.Filter):
    """WeasyPrint warns "Ignored `fill: #1d70b8` at 1:1, unknown property." for every styled
    shape of an inline SVG chart (its CSS parser does not know SVG presentation properties,
    which its SVG renderer then draws correctly): a report PDF would log hundreds of lines.
    Every other WeasyPrint warning still gets through."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            isinstance(record.msg, str)
            and record.msg.startswith("Ignored `")
            and record.args
            and record.args[-1] == "unknown property"
        )

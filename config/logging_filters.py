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


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """A 403 (a colleague of another service opening a case, a committee member trying a case
    page) or a 404 is the product working: Django logs it as a warning with the exception's
    traceback, which buries real faults. The one line stays; the traceback goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True

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


ROUTINE_LOGGERS = ("celery.beat", "celery.worker.strategy", "celery.app.trace")


class QuietRoutineTasks(logging.Filter):
    """The periodic tasks (CELERY_BEAT_SCHEDULE) run every minute or few: Celery logs "Sending
    due task", "received" and "succeeded" for each run, three lines a minute when nothing
    happened. Those INFO lines are dropped for the scheduled tasks; their warnings and errors,
    and every line about any other task, still get through."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO or not record.name.startswith(ROUTINE_LOGGERS):
            return True
        from django.conf import settings

        routine = {
            entry["task"] for entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values()
        }
        args = record.args
        if isinstance(args, dict):  # received / succeeded: {"name": ..., "id": ...}
            return args.get("name") not in routine
        if isinstance(args, tuple) and len(args) == 2:  # beat: (entry name, task name)
            return args[1] not in routine
        return True

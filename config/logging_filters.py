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


class ExpectedErrorsWithoutTraceback(logging.Filter):
    """A 403 is an expected answer (a committee member opening a case page), not a fault: Django
    logs "Forbidden (Permission denied): /path" with the exception's traceback, which a newcomer
    running `make run` takes for a crash. The line stays; the traceback goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django.core.exceptions import PermissionDenied

        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
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

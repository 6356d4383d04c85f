"""Read every waiting message of the intake mailbox into feedback's email intake."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError

from feedback import clock
from feedback.email_intake import (
    IntakeResult,
    email_intake_failure_record,
    email_intake_process,
)
from feedback.selectors import organisation_current

from .mailboxes import mailbox_configured

logger = logging.getLogger(__name__)


@dataclass
class IntakeSummary:
    created: int = 0
    added: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: int = 0


def email_intake_run(*, mailbox=None, now: datetime | None = None) -> IntakeSummary:
    """Read every waiting message once. A message that cannot be read goes to failed/ and is
    logged; a database error leaves it where it is for the next run; nothing stops the run."""
    summary = IntakeSummary()
    organisation = organisation_current()
    if organisation is None:
        return summary
    mailbox = mailbox or mailbox_configured()
    try:
        for source, raw in mailbox.messages():
            try:
                result = email_intake_process(
                    organisation=organisation, raw=raw, source=source, now=now
                )
            except DatabaseError:
                logger.exception("Email intake: %s left for the next run", source)
                summary.errors += 1
                continue
            except Exception as exc:
                logger.exception("Email intake: %s could not be processed", source)
                email_intake_failure_record(
                    organisation=organisation,
                    raw=raw,
                    source=source,
                    reason=f"Processing failed: {exc!r}",
                    now=now or clock.now(),
                )
                result = IntakeResult(outcome="failed", detail=repr(exc))
            if result.outcome == "failed":
                logger.warning("Email intake: %s moved to failed: %s", source, result.detail)
            setattr(summary, result.outcome, getattr(summary, result.outcome) + 1)
            mailbox.done(source, result.outcome)
    finally:
        mailbox.close()
    return summary


__all__ = ["IntakeSummary", "email_intake_run"]

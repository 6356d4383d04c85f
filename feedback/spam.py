"""Spam protection without a CAPTCHA (which shuts out some disabled people).

* A honeypot: a text box people never see (hidden from sight and from screen readers, out of
  the tab order). Form-filling robots fill every box.
* A signed time-trap: the form carries the time it was started, signed so it cannot be forged.
  No person starts and sends the whole form within a few seconds.
"""

import enum

from django import forms
from django.conf import settings
from django.core import signing

from . import clock

HONEYPOT_FIELD = "website"
TIMETRAP_FIELD = "started"
SALT = "feedback.spam.timetrap"


class Trap(enum.Enum):
    PASSED = "passed"
    TOO_FAST = "too_fast"
    SPAM = "spam"


def timetrap_token() -> str:
    return signing.dumps({"t": clock.now().timestamp()}, salt=SALT)


def timetrap_check(token: str, *, min_seconds: float | None = None) -> Trap:
    if min_seconds is None:
        min_seconds = settings.SPAM_MIN_SECONDS
    try:
        started = signing.loads(token or "", salt=SALT, max_age=settings.FEEDBACK_DRAFT_MAX_AGE)
    except signing.BadSignature:  # forged, missing, or older than any form may stay open
        return Trap.SPAM
    if clock.now().timestamp() - float(started["t"]) < min_seconds:
        return Trap.TOO_FAST
    return Trap.PASSED


class SpamTrapForm(forms.Form):
    """Add to any public form; read `trap` after `is_valid()`."""

    website = forms.CharField(required=False, label="Leave this box empty")
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def spam_trap(self) -> Trap:
        if self.data.get(HONEYPOT_FIELD, ""):
            return Trap.SPAM
        return timetrap_check(self.data.get(TIMETRAP_FIELD, ""))

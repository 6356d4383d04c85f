"""The one clock. Code that depends on "now" takes `now=` and defaults to these, so tests can
pin the date (time-machine) without patching every module."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    return timezone.localdate(timezone.now())


def local_date(moment: datetime) -> date:
    return timezone.localdate(moment)

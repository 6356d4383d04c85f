"""The public form's own addresses, reversed once per process.

A page of the form asks for a dozen of its addresses (the next and previous question, a Change
link for every answer on check answers, the menu's links), and each `reverse()` costs about
40 microseconds of CPU: some 3 ms over a whole form. The answer depends only on the URL
configuration and the script prefix the site is served under, so it is kept per (prefix,
configuration, name, arguments) and asked again when either changes."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=512)
def _reversed(prefix: str, urlconf: str | None, root: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def public_url(name: str, *args: str) -> str:
    """`reverse(name, args=args)`."""
    return _reversed(get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, name, args)

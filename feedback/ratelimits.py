"""Rate limits on the public pages: how often one internet connection may send the form, ask
for a progress link or upload a document (settings RATELIMIT_SUBMIT, _PROGRESS, _UPLOAD).

Counted by django-ratelimit in the cache, per client address (`client_ip`), in fixed windows.
Over the limit a page says plainly how many minutes to wait; nothing the person typed is lost,
because the views refuse before they touch the draft."""

import ipaddress
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

RATES = {
    "submit": "RATELIMIT_SUBMIT",
    "progress": "RATELIMIT_PROGRESS",
    "upload": "RATELIMIT_UPLOAD",
}
MESSAGES = {
    "submit": "Sorry, too many forms have been sent from your internet connection recently. "
    "Your answers are saved: try again in {wait}.",
    "progress": "Sorry, too many links have been asked for from your internet connection "
    "recently. Try again in {wait}.",
    "upload": "Sorry, too many documents have been uploaded from your internet connection "
    "recently. Your answers and the documents already uploaded are saved: try again in {wait}, "
    "or continue without this document.",
}


@dataclass(frozen=True)
class Limited:
    scope: str
    minutes: int

    @property
    def message(self) -> str:
        wait = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        return MESSAGES[self.scope].format(wait=wait)


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind trusted proxies (TRUSTED_PROXY_HEADER), the
    entry TRUSTED_PROXY_COUNT from the end of that header: the one the outermost of our own
    proxies wrote. Anything before it was sent by the client and may be forged."""
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [hop.strip() for hop in raw.split(",") if hop.strip()]
        count = settings.TRUSTED_PROXY_COUNT
        if count >= 1 and len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                logger.warning("%s holds %r, not an address: using REMOTE_ADDR", header, raw)
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (an address, not a bind)


def limit_hit(request: HttpRequest, *, scope: str) -> Limited | None:
    """Count one attempt of `scope` from this request's address. None while under the limit;
    over it, how long until the window ends."""
    try:
        usage = get_usage(
            request,
            group=f"public-{scope}",
            key="ip",
            rate=getattr(settings, RATES[scope]),
            increment=True,
        )
    except Exception:  # the cache is down: let people through (RATELIMIT_FAIL_OPEN's intent)
        logger.exception("Rate limit %s not counted: the cache failed", scope)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    logger.info("Rate limit %s reached by %s", scope, client_ip(request))
    return Limited(scope=scope, minutes=max(1, math.ceil(usage["time_left"] / 60)))

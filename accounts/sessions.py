"""Officer sessions: an idle timeout, an absolute limit, and sign-out everywhere.

Only signed-in sessions are limited: the public form keeps a member of the public's answers in
an anonymous session for a day (FEEDBACK_DRAFT_MAX_AGE), which a 30-minute cookie would lose.
The times live in the session itself, so checking them costs no query; the last-seen time is
written at most once a minute, so an officer's page views do not each write the session.
"""

import logging
from datetime import datetime
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .models import StaffSession

logger = logging.getLogger(__name__)

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
# How stale the stored last-seen time may get before it is rewritten (seconds).
_LAST_SEEN_RESOLUTION = 60


def session_started(sender, request: HttpRequest, user, **kwargs) -> None:
    """user_logged_in: stamp the session and remember its key for sign-out everywhere."""
    now = timezone.now()
    request.session[SIGNED_IN_AT] = now.timestamp()
    request.session[LAST_SEEN_AT] = now.timestamp()
    if request.session.session_key is None:
        request.session.save()
    StaffSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user, "started_at": now}
    )


def session_expiry_reason(*, session, now: datetime) -> str | None:
    """Why this signed-in session has ended, or None if it is still good."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    moment = now.timestamp()
    if moment - signed_in_at > settings.STAFF_SESSION_MAX_SECONDS:
        hours = settings.STAFF_SESSION_MAX_SECONDS // 3600
        return f"You have been signed out because you signed in more than {hours} hours ago."
    if moment - last_seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
        minutes = settings.STAFF_SESSION_IDLE_SECONDS // 60
        return f"You have been signed out after {minutes} minutes without activity."
    return None


@transaction.atomic
def sessions_end_all(*, user, request: HttpRequest | None = None) -> int:
    """End every signed-in session of `user` (other browsers and devices too); returns how many
    were ended. The caller's own session is flushed too when `request` is given."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    StaffSession.objects.filter(user=user).delete()
    if request is not None:
        logout(request)
    logger.info("Signed out everywhere: user %s, %d sessions", user.pk, len(keys))
    return len(keys)


class StaffSessionMiddleware:
    """After AuthenticationMiddleware: ends a signed-in session that has been idle too long or
    has lasted past the absolute limit, and sends the officer to sign in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            reason = session_expiry_reason(session=request.session, now=now)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{query}")
            last_seen_at = request.session.get(LAST_SEEN_AT)
            if last_seen_at is None:  # a session from before these limits: start its clocks
                request.session[SIGNED_IN_AT] = now.timestamp()
            if last_seen_at is None or now.timestamp() - last_seen_at > _LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_AT] = now.timestamp()
        return self.get_response(request)

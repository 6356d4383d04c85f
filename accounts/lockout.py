"""Sign-in lockout (django-axes) counted two ways, each with its own limit:

* per username, from any address: `AXES_FAILURE_LIMIT` (10) wrong passwords lock the account;
* per address, across every username: `AXES_IP_FAILURE_LIMIT` (40) failures lock the address,
  so one machine cannot try a password against many accounts. Higher, because a council office
  signs its staff in through one address and their typos add up.

axes compares one count with one limit, so the address's count is reported as "at the limit"
once it reaches its own, higher one.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _total(attempts: Any) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        counts = dict(
            zip(
                [p if isinstance(p, str) else "+".join(p) for p in parameters],
                [_total(attempts) for attempts in self.get_user_attempts(request, credentials)],
                strict=True,
            )
        )
        per_username = counts.get("username", 0)
        if counts.get("ip_address", 0) >= settings.AXES_IP_FAILURE_LIMIT:
            return max(per_username, get_failure_limit(request, credentials))
        return per_username

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # Signing in clears that account's failures only: an attacker with one account of
        # their own must not clear the address's count by signing in to it.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

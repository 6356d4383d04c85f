"""API tokens: issue, check, revoke; the DRF authentication, scope permission and per-token
rate limit that use them.

A key is `<prefix>.<secret>`: the prefix finds the row, the SHA-256 of the whole key must match
(compared in constant time). The secret has 256 bits of randomness, so a plain SHA-256 is enough
(a slow password hash guards guessable secrets, which these are not)."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from dbreads.first_row import FirstRow
from feedback.middleware import permissions_keep
from feedback.models import OfficerProfile
from feedback.selectors import (
    first_row_with_organisation,
    organisation_current,
    organisation_for_request,
)

from .models import ApiToken

KEYWORD = "Token"


class TokenExists(Exception):
    """The integration has an active token already; rotate to replace it."""


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _system_user(*, username: str, role: str | None):
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=username).first()
    if user is None:
        if role is None:
            raise User.DoesNotExist(username)
        user = User(username=username, first_name=username)
        user.set_unusable_password()  # it can only use its token
        user.save()
        OfficerProfile.objects.create(user=user, organisation=organisation_current())
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def api_token_issue(
    *,
    name: str,
    username: str,
    role: str | None = None,
    scopes: list[str],
    days: int | None = None,
    rotate: bool = False,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the integration `name`, acting as `username` (created as a system
    account in `role` if missing). Returns the row and the key, which is not stored."""
    now = now or timezone.now()
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if unknown or not scopes:
        raise ValueError(f"Scopes must be some of {', '.join(ApiToken.Scope.values)}.")
    active = ApiToken.objects.select_for_update().filter(name=name, revoked_at__isnull=True)
    if active.exists():
        if not rotate:
            raise TokenExists(name)
        active.update(revoked_at=now)
    user = _system_user(username=username, role=role)
    prefix = secrets.token_hex(4)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=prefix,
        key_hash=key_hash(key),
        scopes=sorted(set(scopes)),
        created_at=now,
        expires_at=now + timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, now: datetime | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])


# Read on every API request: compiled once per database (dbreads.first_row), since building and
# compiling the ORM's query took most of the token check's CPU (about 1.5 ms a request). Only the
# SQL is kept, so a revoked or changed token counts at its next request as before.
_active_token = FirstRow(
    ApiToken,
    lambda prefix: ApiToken.objects.select_related("user").filter(
        prefix=prefix, revoked_at__isnull=True
    ),
    stand_ins=("\x00prefix",),
)


def api_token_check(key: str, *, now: datetime | None = None, request=None) -> ApiToken:
    """The active token for `key`, or AuthenticationFailed. With the `request`, the council is
    read with the token, in one round trip (feedback.selectors.first_row_with_organisation)."""
    now = now or timezone.now()
    prefix, _, _ = key.partition(".")
    if request is None:
        token = _active_token(prefix)
    else:
        token = first_row_with_organisation(request, _active_token, prefix)
    if token is None or not hmac.compare_digest(token.key_hash, key_hash(key)):
        raise exceptions.AuthenticationFailed("Invalid token.")
    if token.expires_at <= now:
        raise exceptions.AuthenticationFailed("This token has expired: ask for a new one.")
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed("This token's user is inactive.")
    return token


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header.")
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token header.") from exc
        token = api_token_check(key, request=request)
        organisation = organisation_for_request(request)
        if organisation is not None:
            permissions_keep(token.user, organisation)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD


class TokenScopes(BasePermission):
    """A token may do only what its scopes name: reads need `read`; a write needs the view's
    `token_write_scope` (`create` unless the view says otherwise). Sessions are unaffected."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if request.method in SAFE_METHODS:
            needed = ApiToken.Scope.READ
        else:
            needed = getattr(view, "token_write_scope", ApiToken.Scope.CREATE)
        self.message = f"This token does not have the “{needed}” scope."
        return needed in token.scopes


class PerTokenRateThrottle(SimpleRateThrottle):
    """API_TOKEN_RATE requests per token (each integration its own budget); sessions are not
    counted here."""

    scope = "api_token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema documents the token: `Authorization: Token <key>`."""

    target_class = "api.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=KEYWORD
        )

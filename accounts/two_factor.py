"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP) and recovery codes.

The password step is Django's (through django-axes, which counts and locks out); this module is
the second step. A signed-in user without a verified device reaches only the pages in
`_OPEN_PATHS` while TWO_FACTOR_REQUIRED is on: everything else, the Django admin and the API
through a browser session included, sends them to enter a code (or, with no device yet, to set
one up). django-otp refuses a TOTP code used once already in its time step, and throttles a
device after failures (OTP_TOTP_THROTTLE_FACTOR), which axes does not count.
"""

import base64
import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dbreads.first_row import FirstRow

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


def totp_device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def user_has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator device (a new secret the first time), to show as a
    QR code until they confirm it with a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, code: str) -> bool:
    """Confirm a new authenticator with a code from it; the user's older devices go."""
    if not device.verify_is_allowed()[0] or not device.verify_token(code.strip()):
        logger.warning("Two-factor setup: wrong code for user %s", user.pk)
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """New single-use recovery codes (the old ones stop working). Shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def code_verify(*, request: HttpRequest, code: str):
    """Check a code from the authenticator app or a recovery code; on success mark the session
    verified and return the device, else None. Each failure is logged."""
    code = code.strip().replace(" ", "").lower()
    user = request.user
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True)) + list(
        StaticDevice.objects.filter(user=user, confirmed=True)
    )
    with transaction.atomic():
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(code):
                otp_login(request, device)
                return device
    logger.warning("Two-factor sign-in: wrong code for user %s", user.pk)
    return None


def code_verify_device(*, request: HttpRequest, device) -> None:
    """Mark the session verified by a device the user has just proved they hold (setup)."""
    otp_login(request, device)


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
        reverse("officer:logout"),
        settings.STATIC_URL,
    )


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: a signed-in user whose session is not verified with a
    second factor is sent to the code page (or to set up an app), whatever they asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_open_paths())
        ):
            target = (
                "accounts:two_factor_verify"
                if user_has_two_factor(user)
                else "accounts:two_factor_setup"
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


# django-otp's `TOTPDevice.objects.filter(id=...).first()`, compiled once: every signed-in
# request reads its session's device, and building and compiling the query cost about half a
# millisecond of CPU, several times the query's own.
_totp_device_by_id = FirstRow(
    TOTPDevice, lambda pk: TOTPDevice.objects.filter(id=pk), stand_ins=(-424242,)
)


class CompiledDeviceOTPMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware, reading an authenticator app device with the compiled query.
    The checks on the device (its user, confirmed) stay django-otp's (`_finalize_device`); a
    recovery-code device or anything unexpected is read by django-otp itself."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label == TOTPDevice.model_label() and device_id.isascii() and device_id.isdigit():
            return _totp_device_by_id(int(device_id))
        return super()._device_from_persistent_id(persistent_id)

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"  # what tests.factories.officer_create sets
KEY_HEX = "3132333435363738393031323334353637383930"


def totp_code(key_hex: str = KEY_HEX, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows (django-otp accepts one step either side)."""
    return f"{totp(bytes.fromhex(key_hex), drift=steps_ahead):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def enrolled(housing_officer):
    """The Housing officer with an authenticator app set up."""
    TOTPDevice.objects.create(user=housing_officer, name="app", key=KEY_HEX, confirmed=True)
    return housing_officer

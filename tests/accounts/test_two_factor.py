"""Two-factor sign-in: password, then a code from an authenticator app or a recovery code."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.accounts.conftest import KEY_HEX, PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, username="housing"):
    response = client.post(reverse("officer:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def test_a_password_alone_reaches_no_staff_page_nor_the_admin(two_factor_on, client, enrolled):
    sign_in_with_password(client)
    for url in (
        reverse("officer:dashboard"),
        reverse("officer:case_list"),
        "/admin/",
        "/api/v1/cases/",
        reverse("accounts:account"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_verify")), url


def test_the_right_code_signs_in_and_goes_where_the_officer_was_going(
    two_factor_on, client, enrolled
):
    sign_in_with_password(client)
    target = reverse("officer:case_list")
    page = client.get(reverse("accounts:two_factor_verify"), {"next": target})
    assert page.status_code == 200
    assert "Enter the code from your authenticator app" in page.content.decode()
    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": totp_code(), "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_wrong_code_shows_an_error_and_signs_nobody_in(two_factor_on, client, enrolled):
    sign_in_with_password(client)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The code is not right" in html
    assert client.get(reverse("officer:dashboard")).status_code == 302


# Ten seconds into a 30-second step, the clock standing still: where a step ended between
# reading the code and sending it (seconds apart on a loaded machine), django-otp accepted it as
# one step behind and kept that drift, and the next step's code was then two steps ahead.
@time_machine.travel(datetime(2026, 11, 23, 10, 0, 10, tzinfo=UTC), tick=False)
def test_a_code_works_once_in_its_time_step(two_factor_on, client, enrolled):
    code = totp_code()
    sign_in_with_password(client)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": code}).status_code == 302
    client.post(reverse("officer:logout"))
    sign_in_with_password(client)
    replay = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert replay.status_code == 200
    assert client.get(reverse("officer:dashboard")).status_code == 302
    # The next step's code is still accepted (an app a few seconds ahead) once the throttle
    # the failed replay set has passed.
    TOTPDevice.objects.get(user=enrolled).throttle_reset()
    fresh = client.post(reverse("accounts:two_factor_verify"), {"code": totp_code(steps_ahead=1)})
    assert fresh.status_code == 302


def test_the_device_is_throttled_after_wrong_codes(two_factor_on, client, enrolled):
    sign_in_with_password(client)
    two_factor_on.OTP_TOTP_THROTTLE_FACTOR = 60
    client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    # Even the right code is refused while the device is throttled (a minute after one failure,
    # doubling with each further one).
    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_code()})
    assert response.status_code == 200
    assert client.get(reverse("officer:dashboard")).status_code == 302
    assert TOTPDevice.objects.get(user=enrolled).throttling_failure_count == 1


def test_a_new_officer_sets_up_an_app_and_gets_recovery_codes_that_work_once(
    two_factor_on, client, housing_officer
):
    sign_in_with_password(client)
    response = client.get(reverse("officer:dashboard"))
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, an image (no inline script or style)
    secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=housing_officer, confirmed=False)
    assert secret == two_factor.totp_secret_text(device).replace(" ", "")

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the failure above throttles the device for a second
    done = client.post(reverse("accounts:two_factor_setup"), {"code": totp_code(device.key)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("officer:dashboard")).status_code == 200

    # Next sign-in, phone lost: a recovery code works, once.
    client.post(reverse("officer:logout"))
    sign_in_with_password(client)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.post(reverse("officer:logout"))
    sign_in_with_password(client)
    TOTPDevice.objects.get(user=housing_officer).throttle_reset()
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(reverse("officer:dashboard")).status_code == 302


def test_an_enrolled_officer_cannot_replace_the_app_without_a_code(two_factor_on, client, enrolled):
    sign_in_with_password(client)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=enrolled, confirmed=False).exists()


def test_the_admin_needs_the_second_factor_too(two_factor_on, client, enrolled):
    enrolled.is_staff = enrolled.is_superuser = True
    enrolled.save()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "housing", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": totp_code()})
    assert client.get("/admin/").status_code == 200


def test_a_next_address_on_another_site_is_ignored(two_factor_on, client, enrolled):
    sign_in_with_password(client)
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": totp_code(), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("officer:dashboard")


def test_production_settings_refuse_two_factor_off(settings):
    from accounts.checks import two_factor_in_production

    settings.PRODUCTION = True
    settings.TWO_FACTOR_REQUIRED = False
    assert [e.id for e in two_factor_in_production(None)] == ["accounts.E001"]
    settings.TWO_FACTOR_REQUIRED = True
    assert two_factor_in_production(None) == []


def test_the_demo_key_is_the_one_the_tests_use():
    """The demo pre-enrols its users with a published key (README); never in production."""
    from devtools.demo.officers import DEMO_TOTP_KEY

    assert DEMO_TOTP_KEY == KEY_HEX

"""django-axes: wrong passwords lock the account, the right one included, on both sign-in
pages; every failure is recorded and logged."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sign_in_url", ["/officer/sign-in/", "/admin/login/"])
def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(
    client, housing_officer, sign_in_url, caplog
):
    housing_officer.is_staff = True  # the admin signs in staff only
    housing_officer.save()
    with caplog.at_level(logging.WARNING, logger="axes"):
        for attempt in range(30):
            client.post(sign_in_url, {"username": "housing", "password": f"guess-{attempt}"})
    response = client.post(sign_in_url, {"username": "housing", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts to sign in" in html
    assert "govuk-header" in html
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("officer:dashboard")).status_code == 302
    # Recorded (the admin lists them) and logged.
    assert AccessAttempt.objects.get(username="housing").failures_since_start >= 10
    assert AccessFailureLog.objects.filter(username="housing").count() >= 10
    assert any("login failure" in r.getMessage() for r in caplog.records)


def test_a_different_address_does_not_get_round_the_lockout(client, housing_officer):
    for attempt in range(10):
        client.post(
            reverse("officer:login"),
            {"username": "housing", "password": f"guess-{attempt}"},
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
    response = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 429


def test_a_few_typos_do_not_lock_out_and_success_clears_them(client, housing_officer):
    for attempt in range(3):
        client.post(reverse("officer:login"), {"username": "housing", "password": f"typo{attempt}"})
    response = client.post(reverse("officer:login"), {"username": "housing", "password": PASSWORD})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="housing").exists()


def test_fifty_failures_over_many_usernames_lock_the_address(client, housing_officer):
    """Password spraying: one address trying one password against many accounts. No single
    account reaches its limit, but the address does (AXES_IP_FAILURE_LIMIT)."""
    attacker = "203.0.113.7"
    for attempt in range(50):
        client.post(
            reverse("officer:login"),
            {"username": f"someone{attempt}", "password": "Winter2026!"},
            REMOTE_ADDR=attacker,
        )
    from_attacker = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR=attacker,
    )
    assert from_attacker.status_code == 429
    assert "_auth_user_id" not in client.session
    # The account itself is not locked: its owner signs in from elsewhere.
    from_office = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert from_office.status_code == 302


def test_an_office_address_is_not_locked_by_its_staffs_typos(client, housing_officer):
    office = "192.0.2.20"
    for attempt in range(30):
        client.post(
            reverse("officer:login"),
            {"username": f"colleague{attempt % 10}", "password": "typo"},
            REMOTE_ADDR=office,
        )
    response = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR=office,
    )
    assert response.status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_address(client, housing_officer):
    attacker = "203.0.113.8"
    for attempt in range(39):
        client.post(
            reverse("officer:login"),
            {"username": f"victim{attempt}", "password": "Winter2026!"},
            REMOTE_ADDR=attacker,
        )
    signed_in = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR=attacker,
    )
    assert signed_in.status_code == 302
    client.logout()
    client.post(
        reverse("officer:login"),
        {"username": "victim99", "password": "Winter2026!"},
        REMOTE_ADDR=attacker,
    )
    response = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": PASSWORD},
        REMOTE_ADDR=attacker,
    )
    assert response.status_code == 429

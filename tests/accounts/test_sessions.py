"""Officer sessions: idle timeout, absolute limit, sign-out everywhere; the public form's
anonymous session is not cut short."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import StaffSession
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client):
    response = client.post(reverse("officer:login"), {"username": "housing", "password": PASSWORD})
    assert response.status_code == 302


def test_thirty_idle_minutes_sign_the_officer_out(client, housing_officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("officer:dashboard")).status_code == 200
    # 29 minutes of activity reset the clock: 58 minutes after sign-in is still fine.
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(reverse("officer:dashboard")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(reverse("officer:case_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("officer:login") + "?next=")
        page = client.get(response["Location"]).content.decode()
        assert "signed out after 30 minutes without activity" in page
        assert client.get(reverse("officer:dashboard")).status_code == 302


def test_the_idle_timeout_is_a_setting(client, housing_officer, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get(reverse("officer:dashboard")).status_code == 302


def test_an_active_session_still_ends_at_the_absolute_limit(client, housing_officer, settings):
    settings.STAFF_SESSION_MAX_SECONDS = 10 * 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    for minutes in range(20, 10 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("officer:dashboard")).status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=10, minutes=1), tick=False):
        response = client.get(reverse("officer:dashboard"))
        assert response.status_code == 302
        assert "more than 10 hours ago" in client.get(response["Location"]).content.decode()


def test_sign_out_everywhere_ends_every_session_of_that_officer_only(
    housing_officer, planning_officer
):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop)
    sign_in(phone)
    colleague.post(reverse("officer:login"), {"username": "planner", "password": PASSWORD})
    assert StaffSession.objects.filter(user=housing_officer).count() == 2
    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Sign out everywhere" in page
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert "2 signed-in sessions ended" in response.content.decode()
    assert laptop.get(reverse("officer:dashboard")).status_code == 302
    assert phone.get(reverse("officer:dashboard")).status_code == 302
    assert colleague.get(reverse("officer:dashboard")).status_code == 200
    assert not StaffSession.objects.filter(user=housing_officer).exists()


def test_the_public_forms_anonymous_session_outlives_the_staff_idle_timeout(client, housing):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(reverse("public:new"))
        key = client.session.session_key
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        client.get(reverse("public:start"))
        assert client.session.session_key == key

"""Password reset by email with Django's views: the same answer for any address, a link that
works once, and no sign-in on its own."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://feedback.example.gov.uk"


def test_the_answer_is_the_same_for_an_account_and_for_a_stranger(
    client, email_backend, housing_officer
):
    housing_officer.email = "h.officer@example-council.gov.uk"
    housing_officer.save()
    known = client.post(reverse("accounts:password_reset"), {"email": housing_officer.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    page = client.get(known["Location"]).content.decode()
    assert "If that address belongs to a council account" in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [housing_officer.email]


def test_the_emailed_link_sets_a_new_password_once_and_signs_nobody_in(
    client, email_backend, housing_officer, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    housing_officer.email = "h.officer@example-council.gov.uk"
    housing_officer.save()
    client.post(reverse("accounts:password_reset"), {"email": housing_officer.email})
    body = mail.outbox[0].body
    link = re.search(r"https://feedback\.example\.gov\.uk(/\S+)", body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a brand new long passphrase"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Your password has been changed" in done.content.decode()
    housing_officer.refresh_from_db()
    assert housing_officer.check_password(new)
    assert "_auth_user_id" not in client.session
    # The link is spent.
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_the_form_shows_a_govuk_error_for_a_malformed_address(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter an email address in the correct format" in html


def test_the_sign_in_page_links_to_it(client, organisation):
    html = client.get(reverse("officer:login")).content.decode()
    assert reverse("accounts:password_reset") in html

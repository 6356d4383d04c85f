"""Log a contact: feedback taken by phone, in person, by letter or email, or via a councillor."""

import pytest
from django.urls import reverse

from feedback.models import Case, CaseEvent, Channel, Customer
from tests.factories import CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

URL = "/officer/contacts/new/"


@pytest.fixture
def phone(organisation):
    return Channel.objects.get(organisation=organisation, slug="telephone")


def _data(housing, phone, **overrides):
    data = {
        "kind": "complaint",
        "channel": phone.pk,
        "received_on_day": "9",
        "received_on_month": "3",
        "received_on_year": "2026",
        "received_time": "16:45",
        "service": housing.pk,
        "summary": "Repair not done",
        "description": "The boiler repair booked for last week never happened.",
        "first_name": "Ada",
        "last_name": "Jones",
        "email": "ada@example.com",
        "preferred_format": "standard",
    }
    data.update(overrides)
    return data


def test_the_url_is_stable():
    assert reverse("officer:log_contact") == URL


def test_log_a_phone_complaint(login, complaints_officer, housing, phone):
    response = login(complaints_officer).post(URL, _data(housing, phone), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse("officer:case_detail", args=[case.reference])
    assert f"Complaint logged as {case.reference}" in response.content.decode()
    assert case.channel == phone
    assert case.created_by == complaints_officer
    assert case.received_at.isoformat() == "2026-03-09T16:45:00+00:00"
    assert case.customer.email == "ada@example.com"
    event = case.events.get(kind=CaseEvent.Kind.RECEIVED)
    assert event.actor == complaints_officer
    assert "telephone" in event.summary


def test_an_existing_customer_is_found_by_email(login, complaints_officer, housing, phone):
    existing = CustomerFactory(organisation=housing.organisation, email="ada@example.com")
    login(complaints_officer).post(URL, _data(housing, phone, email="ADA@example.com"))
    assert Case.objects.get().customer == existing
    assert Customer.objects.count() == 1


def test_a_councillor_logs_for_the_customer(login, complaints_officer, housing, organisation):
    via = Channel.objects.get(organisation=organisation, slug="via-a-councillor-or-representative")
    data = _data(
        housing,
        via,
        representative_name="Cllr Patel",
        representative_relationship="Ward councillor",
        representative_email="cllr.patel@example-council.gov.uk",
    )
    login(complaints_officer).post(URL, data)
    case = Case.objects.get()
    assert case.channel == via
    assert case.representative_name == "Cllr Patel"


def test_a_compliment_needs_no_contact_details(login, complaints_officer, housing, phone):
    data = _data(
        housing,
        phone,
        kind="compliment",
        first_name="",
        last_name="",
        email="",
        staff_member_named="Sam at the desk",
    )
    login(complaints_officer).post(URL, data)
    case = Case.objects.get()
    assert case.kind == "compliment"
    assert case.customer is None
    assert case.staff_member_named == "Sam at the desk"


def test_a_future_time_is_refused_and_the_input_kept(login, complaints_officer, housing, phone):
    data = _data(housing, phone, received_on_day="10", received_time="11:00")  # now is 10:00
    response = login(complaints_officer).post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The date and time received must be in the past" in html
    assert 'href="#id_received_on_day"' in html
    assert "The boiler repair booked for last week never happened." in html
    assert 'value="ada@example.com"' in html
    assert not Case.objects.exists()


def test_invalid_input_shows_every_error(login, complaints_officer, housing, phone):
    data = _data(
        housing, phone, summary="", email="", received_on_month="13", received_time="25:99"
    )
    response = login(complaints_officer).post(URL, data)
    html = response.content.decode()
    for message in [
        "Enter a summary",
        "The date received must be a real date",
        "Enter the time as hours and minutes",
        "a complaint needs a way to reply",
    ]:
        assert message in html, message
    assert 'value="Ada"' in html
    assert not Case.objects.exists()


def test_the_public_web_form_is_not_an_officer_channel(
    login, complaints_officer, housing, web_form
):
    response = login(complaints_officer).post(URL, _data(housing, web_form))
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_logging_needs_the_log_contact_permission(login, housing_officer, housing, phone):
    client = login(housing_officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(housing, phone)).status_code == 403
    assert not Case.objects.exists()

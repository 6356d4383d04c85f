"""The customer page: single view, accessibility adjustments, contact restriction."""

from datetime import date

import pytest
from django.urls import reverse

from feedback.models import CaseEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _url(name, customer):
    return reverse(f"officer:{name}", args=[customer.pk])


def test_the_customer_page_lists_their_cases(login, complaints_officer, make_case, planning):
    case = make_case()
    other = make_case(customer=case.customer, service=planning)
    response = login(complaints_officer).get(_url("customer_detail", case.customer))
    html = response.content.decode()
    assert case.customer.email in html
    assert case.reference in html
    assert other.reference in html


def test_record_accessibility_needs_with_a_review_date(login, complaints_officer, make_case):
    customer = make_case().customer
    response = login(complaints_officer).post(
        _url("customer_adjustments", customer),
        {
            "adjustments-preferred_format": "large_print",
            "adjustments-accessibility_needs": "Partially sighted",
            "adjustments-reasonable_adjustments": "Letters in 18pt",
            "adjustments-review_on_day": "1",
            "adjustments-review_on_month": "9",
            "adjustments-review_on_year": "2026",
        },
        follow=True,
    )
    assert "Accessibility needs and adjustments saved" in response.content.decode()
    customer.refresh_from_db()
    assert customer.preferred_format == "large_print"
    assert customer.reasonable_adjustments == "Letters in 18pt"
    assert customer.adjustments_review_on == date(2026, 9, 1)
    assert customer.history.first().history_user == complaints_officer


def test_adjustments_without_a_review_date_are_refused_and_kept(
    login, complaints_officer, make_case
):
    customer = make_case().customer
    response = login(complaints_officer).post(
        _url("customer_adjustments", customer),
        {
            "adjustments-preferred_format": "large_print",
            "adjustments-accessibility_needs": "Partially sighted",
            "adjustments-review_on_day": "31",
            "adjustments-review_on_month": "2",
            "adjustments-review_on_year": "2027",
        },
    )
    html = response.content.decode()
    assert "The review date must be a real date" in html
    assert "Partially sighted" in html  # what the officer typed is kept
    assert 'href="#id_adjustments-review_on_day"' in html
    customer.refresh_from_db()
    assert customer.accessibility_needs == ""


def test_an_investigating_officer_cannot_change_adjustments(login, housing_officer, make_case):
    customer = make_case().customer
    response = login(housing_officer).post(
        _url("customer_adjustments", customer), {"adjustments-preferred_format": "braille"}
    )
    assert response.status_code == 403


def test_a_manager_records_a_contact_restriction_seen_on_every_case(
    login, complaints_manager, housing_officer, make_case
):
    case = make_case()
    response = login(complaints_manager).post(
        _url("customer_restriction", case.customer),
        {
            "restriction-restriction": "Contact in writing only.",
            "restriction-review_on_day": "10",
            "restriction-review_on_month": "9",
            "restriction-review_on_year": "2026",
        },
        follow=True,
    )
    assert "Contact restriction recorded" in response.content.decode()
    case.customer.refresh_from_db()
    assert case.customer.contact_restriction == "Contact in writing only."
    assert case.customer.contact_restriction_set_by == complaints_manager
    assert case.events.filter(kind=CaseEvent.Kind.CUSTOMER, actor=complaints_manager).exists()
    html = login(housing_officer).get(_url("customer_detail", case.customer)).content.decode()
    assert "Contact in writing only." in html
    assert "10 September 2026" in html


def test_a_restriction_needs_a_future_review_date(login, complaints_manager, make_case):
    customer = make_case().customer
    response = login(complaints_manager).post(
        _url("customer_restriction", customer),
        {"restriction-restriction": "Writing only."},
    )
    assert "Enter the date to review the restriction" in response.content.decode()
    response = login(complaints_manager).post(
        _url("customer_restriction", customer),
        {
            "restriction-restriction": "Writing only.",
            "restriction-review_on_day": "1",
            "restriction-review_on_month": "1",
            "restriction-review_on_year": "2026",
        },
    )
    assert "The review date must be in the future" in response.content.decode()
    customer.refresh_from_db()
    assert customer.contact_restriction == ""


def test_lifting_a_restriction(login, complaints_manager, make_case):
    customer = make_case().customer
    customer.contact_restriction = "Writing only."
    customer.save()
    login(complaints_manager).post(
        _url("customer_restriction", customer), {"restriction-restriction": ""}
    )
    customer.refresh_from_db()
    assert customer.contact_restriction == ""
    assert customer.contact_restriction_review_on is None


def test_only_restrict_contact_holders_record_restrictions(login, complaints_officer, make_case):
    customer = make_case().customer
    client = login(complaints_officer)
    assert "restriction-form" not in client.get(_url("customer_detail", customer)).content.decode()
    response = client.post(
        _url("customer_restriction", customer), {"restriction-restriction": "No contact."}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.contact_restriction == ""

"""Councillor and MP enquiries on a constituent's behalf: recorded when the contact is logged
(who, their role, ward or constituency, address, the constituent's consent), shown as a member
enquiry on the case page, and kept on the case alone (never on the customer)."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from feedback.models import Case, Channel, RepresentativeKind
from feedback.retention import case_anonymise

from .test_officer_log_contact import URL, _data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def via(organisation):
    return Channel.objects.get(organisation=organisation, slug="via-a-councillor-or-representative")


def _member(housing, via, **overrides):
    member = dict(
        representative_kind="mp",
        representative_name="Daniel Okafor MP",
        representative_relationship="Member of Parliament",
        representative_area="Exampletown and Riverside",
        representative_email="daniel.okafor.mp@example-parliament.uk",
        representative_address="House of Commons\nLondon\nSW1A 0AA",
        representative_consent_on="2026-03-02",
    )
    return _data(housing, via, **{**member, **overrides})


def test_an_mps_enquiry_is_recorded_and_shown_as_a_member_enquiry(
    login, complaints_officer, housing, via
):
    client = login(complaints_officer)
    response = client.post(URL, _member(housing, via), follow=True)
    case = Case.objects.get()
    assert case.representative_kind == RepresentativeKind.MP
    assert case.is_member_enquiry
    assert case.representative_area == "Exampletown and Riverside"
    assert case.representative_consent_on == date(2026, 3, 2)
    assert case.customer.email == "ada@example.com"  # the constituent, on whose behalf
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#member-enquiry-tag").get_text(strip=True) == "Member enquiry"
    banner = page.select_one("#member-enquiry").get_text(" ", strip=True)
    assert "Daniel Okafor MP, MP for Exampletown and Riverside" in banner
    assert "On behalf of Ada Jones, who consented on 2 March 2026" in banner
    # Prominent: in the next-step block at the top, before the case details.
    assert page.select_one("#next-step #member-enquiry") is not None


def test_a_member_enquiry_needs_the_constituents_consent(login, complaints_officer, housing, via):
    response = login(complaints_officer).post(
        URL, _member(housing, via, representative_consent_on="")
    )
    assert response.status_code == 200
    assert "Enter the date the customer consented" in response.content.decode()
    assert not Case.objects.exists()


def test_a_relative_is_a_representative_but_not_a_member_enquiry(
    login, complaints_officer, housing, via
):
    data = _data(
        housing,
        via,
        representative_kind="family",
        representative_name="Sunita Rao",
        representative_relationship="Daughter",
    )
    page = login(complaints_officer).post(URL, data, follow=True).content.decode()
    case = Case.objects.get()
    assert not case.is_member_enquiry
    assert 'id="member-enquiry' not in page
    assert "Sunita Rao (Daughter)" in page


def test_the_members_personal_details_go_when_the_case_is_anonymised(
    login, complaints_officer, housing, via
):
    login(complaints_officer).post(URL, _member(housing, via))
    case = Case.objects.get()
    case_anonymise(case=case, reason="Retention period over")
    case.refresh_from_db()
    assert (case.representative_name, case.representative_email) == ("", "")
    assert case.representative_address == ""
    # What the reports count stays.
    assert case.representative_kind == RepresentativeKind.MP


def _record(client, case, **fields):
    data = {f"representative-{name}": value for name, value in fields.items()}
    return client.post(reverse("officer:case_representative", args=[case.reference]), data)


def test_a_councillors_enquiry_is_recorded_on_the_case_page(login, complaints_officer, make_case):
    from feedback.models import CaseEvent

    case = make_case()
    client = login(complaints_officer)
    response = _record(
        client,
        case,
        kind="councillor",
        name="Cllr Jane Fairweather",
        relationship="Ward councillor",
        area="Riverside ward",
        email="cllr.fairweather@example-council.gov.uk",
        consent_on="2026-03-09",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_member_enquiry
    assert case.representative_consent_on == date(2026, 3, 9)
    event = case.events.get(kind=CaseEvent.Kind.REPRESENTATIVE)
    assert event.summary == "Member enquiry: Cllr Jane Fairweather acts for the customer"
    assert event.actor == complaints_officer
    page = client.get(reverse("officer:case_detail", args=[case.reference])).content.decode()
    assert 'id="member-enquiry-tag"' in page


def test_the_case_page_refuses_a_member_without_consent(login, complaints_officer, make_case):
    case = make_case()
    response = _record(
        login(complaints_officer), case, kind="mp", name="Daniel Okafor MP", consent_on=""
    )
    assert response.status_code == 200
    assert "Enter the date the customer consented" in response.content.decode()
    case.refresh_from_db()
    assert case.representative_kind == ""


def test_an_officer_without_the_permission_cannot_record_one(login, housing_officer, make_case):
    case = make_case()
    response = _record(login(housing_officer), case, kind="family", name="Tom Ashby")
    assert response.status_code == 403

"""Who reaches which officer page: the allowed user, a colleague outside the service, a
committee member (statistics only) and the public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback.services import attachment_add
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning_case(organisation, planning, web_form):
    return CaseFactory(organisation=organisation, service=planning, channel=web_form)


@pytest.fixture
def attachment(housing_case):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return attachment_add(
        case=housing_case, upload=upload, content_type="application/pdf", uploaded_by=None
    )


def _case_urls(case, attachment=None):
    ref = case.reference
    urls = [
        reverse("officer:case_detail", args=[ref]),
        reverse("officer:customer_detail", args=[case.customer_id]),
    ]
    if attachment is not None:
        urls.append(reverse("officer:attachment_download", args=[ref, attachment.pk]))
    return urls


def _post_urls(case):
    ref = case.reference
    return [
        reverse("officer:case_categorise", args=[ref]),
        reverse("officer:case_assign", args=[ref]),
        reverse("officer:case_note", args=[ref]),
        reverse("officer:case_document", args=[ref]),
        reverse("officer:customer_adjustments", args=[case.customer_id]),
        reverse("officer:customer_restriction", args=[case.customer_id]),
    ]


def test_the_public_is_sent_to_sign_in_from_every_officer_page(client, housing_case, attachment):
    urls = [
        reverse("officer:dashboard"),
        reverse("officer:case_list"),
        reverse("officer:log_contact"),
        *_case_urls(housing_case, attachment),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("officer:login")), url
    for url in _post_urls(housing_case):
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("officer:login")), url


def test_a_service_officer_opens_their_services_case_customer_and_document(
    login, housing_officer, housing_case, attachment
):
    client = login(housing_officer)
    for url in _case_urls(housing_case, attachment):
        assert client.get(url).status_code == 200, url


def test_a_colleague_outside_the_service_gets_404_everywhere(
    login, planning_officer, housing_case, attachment
):
    client = login(planning_officer)
    for url in _case_urls(housing_case, attachment):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(housing_case):
        assert client.post(url, {"note-text": "hello"}).status_code == 404, url
    assert not housing_case.events.filter(kind="note").exists()


def test_a_colleague_sees_the_customer_once_they_share_a_case(
    login, planning_officer, housing_case, planning
):
    CaseFactory(
        organisation=housing_case.organisation,
        service=planning,
        channel=housing_case.channel,
        customer=housing_case.customer,
    )
    client = login(planning_officer)
    url = reverse("officer:customer_detail", args=[housing_case.customer_id])
    response = client.get(url)
    assert response.status_code == 200
    # Only the cases of their own service are listed.
    assert housing_case.reference not in response.content.decode()


def test_an_unknown_reference_is_404_like_an_invisible_one(login, planning_officer, organisation):
    client = login(planning_officer)
    assert client.get(reverse("officer:case_detail", args=["CMP-2026-99999"])).status_code == 404


def test_a_committee_member_gets_403_on_every_case_page(
    login, committee_member, housing_case, attachment
):
    client = login(committee_member)
    for url in [
        reverse("officer:case_list"),
        reverse("officer:log_contact"),
        *_case_urls(housing_case, attachment),
    ]:
        assert client.get(url).status_code == 403, url
    for url in _post_urls(housing_case):
        assert client.post(url, {}).status_code == 403, url


def test_a_committee_member_lands_on_the_committee_reports_from_the_dashboard(
    login, committee_member, housing_case
):
    client = login(committee_member)
    response = client.get(reverse("officer:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:index")  # not the public page
    reports = client.get(response["Location"])
    assert reports.status_code == 200
    html = reports.content.decode()
    assert housing_case.reference not in html
    # No links to casework they cannot open.
    assert reverse("officer:case_list") not in html


def test_central_officers_see_every_service(login, complaints_officer, housing_case):
    client = login(complaints_officer)
    assert (
        client.get(reverse("officer:case_detail", args=[housing_case.reference])).status_code == 200
    )


def test_sign_in_and_sign_out(client, housing_officer):
    page = client.get(reverse("officer:login"))
    assert page.status_code == 200
    assert "govuk-header__logo" in page.content.decode()  # the council's name, no crown
    assert "govuk-logo" not in page.content.decode()
    response = client.post(
        reverse("officer:login"),
        {"username": "housing", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("officer:dashboard")
    dashboard = client.get(reverse("officer:dashboard"))
    assert "Sign out" in dashboard.content.decode()
    response = client.post(reverse("officer:logout"))
    assert response.status_code == 302
    assert client.get(reverse("officer:dashboard")).status_code == 302


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_username(client, housing_officer):
    response = client.post(reverse("officer:login"), {"username": "housing", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'value="housing"' in html


def test_the_navigation_offers_only_what_the_user_may_do(
    login, housing_officer, complaints_officer
):
    html = login(housing_officer).get(reverse("officer:dashboard")).content.decode()
    assert reverse("officer:case_list") in html
    assert reverse("officer:log_contact") not in html  # investigating officers do not log contacts
    html = login(complaints_officer).get(reverse("officer:dashboard")).content.decode()
    assert reverse("officer:log_contact") in html

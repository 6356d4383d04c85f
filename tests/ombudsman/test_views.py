from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ombudsman.models import Decision, OmbudsmanCase, OmbudsmanState
from ombudsman.services import ombudsman_case_open, ombudsman_case_transition
from tests.factories import CaseFactory
from tests.factories.ombudsman import OmbudsmanCaseFactory, RecommendedRemedyFactory


@pytest.fixture
def planning_enquiry(organisation, lgsco, planning, complaints_officer):
    return ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="25 777 001",
        enquiry_received_on=date(2026, 3, 16),
        summary="Planning enforcement delay",
        service=planning,
    )


def _detail(ombudsman_case):
    return reverse("ombudsman:detail", args=[ombudsman_case.pk])


def test_the_public_is_sent_to_log_in(client, enquiry):
    for url in (reverse("ombudsman:list"), _detail(enquiry), reverse("ombudsman:open")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("officer:login") + "?next=")


def test_a_committee_member_is_refused(client, enquiry, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("ombudsman:list")).status_code == 403
    assert client.get(_detail(enquiry)).status_code == 403


def test_a_service_officer_sees_own_service_and_gets_404_elsewhere(
    client, enquiry, planning_enquiry, housing_officer
):
    client.force_login(housing_officer)
    page = client.get(reverse("ombudsman:list"))
    assert page.status_code == 200
    assert "25 012 345" in page.content.decode()
    assert "25 777 001" not in page.content.decode()
    assert client.get(_detail(enquiry)).status_code == 200
    assert client.get(_detail(planning_enquiry)).status_code == 404
    remedy_url = reverse("ombudsman:remedy_comply", args=[planning_enquiry.pk, 1])
    assert client.get(remedy_url).status_code == 404


def test_a_service_officer_cannot_record_or_move_on(client, enquiry, housing_officer):
    client.force_login(housing_officer)
    assert client.get(reverse("ombudsman:open")).status_code == 403
    step = reverse("ombudsman:step", args=[enquiry.pk, "send_information"])
    response = client.post(
        step,
        {"documents": "File", "sent_on-day": "1", "sent_on-month": "4", "sent_on-year": "2026"},
    )
    assert response.status_code == 403
    assert OmbudsmanCase.objects.get(pk=enquiry.pk).state == OmbudsmanState.ENQUIRY_RECEIVED
    page = client.get(_detail(enquiry)).content.decode()
    assert "Record information sent" not in page
    assert "Record an Ombudsman enquiry" not in page


def test_the_case_page_shows_steps_timeline_and_the_way_back_to_the_complaint(
    client, enquiry, complaints_officer
):
    client.force_login(complaints_officer)
    page = client.get(_detail(enquiry)).content.decode()
    assert "Record information sent" in page
    assert reverse("ombudsman:step", args=[enquiry.pk, "send_information"]) in page
    assert "Enquiry received from the Local Government and Social Care Ombudsman" in page
    assert enquiry.case.reference in page
    assert "15 April 2026" in page


def test_an_officer_records_an_enquiry_from_the_complaint(
    client, organisation, lgsco, housing_case, complaints_officer
):
    client.force_login(complaints_officer)
    url = reverse("ombudsman:open") + f"?case={housing_case.reference}"
    form = client.get(url)
    assert form.status_code == 200
    assert f'value="{housing_case.reference}"' in form.content.decode()
    response = client.post(
        url,
        {
            "body": lgsco.pk,
            "ombudsman_reference": "26 000 111",
            "summary": "Repairs delay",
            "complaint_reference": housing_case.reference,
            "enquiry_received_on-day": "16",
            "enquiry_received_on-month": "3",
            "enquiry_received_on-year": "2026",
        },
    )
    created = OmbudsmanCase.objects.get(ombudsman_reference="26 000 111")
    assert response.status_code == 302
    assert response.url == _detail(created)
    assert created.case == housing_case
    assert created.response_due == date(2026, 4, 15)


def test_a_wrong_enquiry_form_shows_the_errors_and_keeps_what_was_typed(
    client, lgsco, complaints_officer
):
    client.force_login(complaints_officer)
    response = client.post(
        reverse("ombudsman:open"),
        {
            "body": lgsco.pk,
            "ombudsman_reference": "26 000 222",
            "summary": "Something",
            "enquiry_received_on-day": "31",
            "enquiry_received_on-month": "2",
            "enquiry_received_on-year": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_enquiry_received_on-day"' in page
    assert "must be a real date" in page
    assert 'href="#id_service"' in page
    assert 'value="26 000 222"' in page
    assert 'value="31"' in page
    assert not OmbudsmanCase.objects.exists()


def test_an_officer_records_a_decision_with_remedies_and_marks_one_complied(
    client, enquiry, complaints_officer, housing_officer
):
    ombudsman_case_transition(
        ombudsman_case=enquiry,
        name="send_information",
        user=complaints_officer,
        data={"documents": ["File"]},
    )
    client.force_login(complaints_officer)
    url = reverse("ombudsman:step", args=[enquiry.pk, "record_final_decision"])
    assert client.get(url).status_code == 200
    data = {
        "decision": Decision.UPHELD_INJUSTICE,
        "decided_on-day": "1",
        "decided_on-month": "6",
        "decided_on-year": "2026",
        "summary": "Fault causing injustice",
        "remedy-TOTAL_FORMS": "3",
        "remedy-INITIAL_FORMS": "0",
        "remedy-MIN_NUM_FORMS": "0",
        "remedy-MAX_NUM_FORMS": "10",
        "remedy-0-kind": "apology",
        "remedy-0-description": "Apologise",
        "remedy-0-due_on-day": "1",
        "remedy-0-due_on-month": "7",
        "remedy-0-due_on-year": "2026",
        "remedy-1-kind": "financial",
        "remedy-1-description": "Pay for the distress",
        "remedy-1-due_on-day": "1",
        "remedy-1-due_on-month": "7",
        "remedy-1-due_on-year": "2026",
        "remedy-1-owner": housing_officer.pk,
    }
    missing_amount = client.post(url, data)
    assert missing_amount.status_code == 200
    assert "Enter the amount of the financial redress" in missing_amount.content.decode()
    assert (
        'href="#id_remedy-1-amount">Remedy 2: Enter the amount of the financial redress'
        in missing_amount.content.decode()
    )  # the one error summary names the row
    data["remedy-1-amount"] = "300.00"
    response = client.post(url, data)
    assert response.status_code == 302
    enquiry = OmbudsmanCase.objects.get(pk=enquiry.pk)
    assert enquiry.state == OmbudsmanState.FINAL_DECISION
    assert enquiry.remedies.count() == 2

    payment = enquiry.remedies.get(kind="financial")
    client.force_login(housing_officer)
    comply = reverse("ombudsman:remedy_comply", args=[enquiry.pk, payment.pk])
    response = client.post(
        comply,
        {
            "complied_on-day": "20",
            "complied_on-month": "6",
            "complied_on-year": "2026",
            "evidence": "Payment reference 991",
            "amount_paid": "300.00",
            "sent_to_ombudsman_on-day": "22",
            "sent_to_ombudsman_on-month": "6",
            "sent_to_ombudsman_on-year": "2026",
        },
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.complied_on == date(2026, 6, 20)
    assert payment.sent_to_ombudsman_on == date(2026, 6, 22)
    page = client.get(_detail(enquiry)).content.decode()
    assert "Payment reference 991" in page


def test_a_step_not_possible_in_this_state_goes_back_with_a_message(
    client, enquiry, complaints_officer
):
    client.force_login(complaints_officer)
    response = client.get(
        reverse("ombudsman:step", args=[enquiry.pk, "send_comments"]), follow=True
    )
    assert "That step is not possible" in response.content.decode()
    assert client.get(reverse("ombudsman:step", args=[enquiry.pk, "explode"])).status_code == 404


def test_the_list_filters(client, organisation, lgsco, housing, planning, complaints_officer):
    overdue = OmbudsmanCaseFactory(
        organisation=organisation, body=lgsco, service=housing, next_due=date(2020, 1, 1)
    )
    upheld = OmbudsmanCaseFactory(
        organisation=organisation,
        body=lgsco,
        service=planning,
        state=OmbudsmanState.FINAL_DECISION,
        decision=Decision.UPHELD_INJUSTICE,
        next_due=date(2099, 1, 1),
    )
    client.force_login(complaints_officer)

    def listed(**params):
        page = client.get(reverse("ombudsman:list"), params).content.decode()
        return {c.ombudsman_reference for c in (overdue, upheld) if c.ombudsman_reference in page}

    assert listed() == {overdue.ombudsman_reference, upheld.ombudsman_reference}
    assert listed(overdue="true") == {overdue.ombudsman_reference}
    assert listed(decision=Decision.UPHELD_INJUSTICE) == {upheld.ombudsman_reference}
    assert listed(state=OmbudsmanState.ENQUIRY_RECEIVED) == {overdue.ombudsman_reference}
    assert listed(service=planning.pk) == {upheld.ombudsman_reference}
    assert listed(body=lgsco.pk) == {overdue.ombudsman_reference, upheld.ombudsman_reference}


def _list_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("ombudsman:list"), params).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_2_or_20_cases(
    client, organisation, lgsco, housing, complaints_officer
):
    def make(n):
        for _ in range(n):
            ombudsman_case = OmbudsmanCaseFactory(
                organisation=organisation,
                body=lgsco,
                service=housing,
                case=CaseFactory(organisation=organisation, service=housing),
                assigned_to=complaints_officer,
            )
            RecommendedRemedyFactory(ombudsman_case=ombudsman_case)

    client.force_login(complaints_officer)
    filtered = {"overdue": "true", "service": housing.pk, "state": "enquiry_received"}
    make(2)
    # session, user, permissions (one query: accounts.backends), council (view and context
    # processor), filter choices (Ombudsman, service), count, rows; filtering by service adds
    # the chosen service.
    assert _list_queries(client) == 9
    assert _list_queries(client, **filtered) == 10
    make(18)
    assert _list_queries(client) == 9
    assert _list_queries(client, **filtered) == 10


def test_the_complaint_page_panel_lists_its_ombudsman_cases(
    rf, enquiry, complaints_officer, housing_officer, planning_officer, django_assert_num_queries
):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = complaints_officer
    with django_assert_num_queries(3):  # cases, their remedies (one query), permission cache
        html = render_to_string(
            "ombudsman/officer/case_panel.html", {"case": enquiry.case}, request=request
        )
    assert "reference 25 012 345" in html
    assert "Record an Ombudsman enquiry" in html
    request.user = housing_officer
    html = render_to_string(
        "ombudsman/officer/case_panel.html", {"case": enquiry.case}, request=request
    )
    assert "reference 25 012 345" in html
    assert "Record an Ombudsman enquiry" not in html
    request.user = planning_officer  # would never see the complaint page; sees nothing here
    html = render_to_string(
        "ombudsman/officer/case_panel.html", {"case": enquiry.case}, request=request
    )
    assert "25 012 345" not in html


def test_the_admin_lists_bodies_cases_and_remedies(client, enquiry, admin_user):
    client.force_login(admin_user)
    for name in ("ombudsmanbody", "ombudsmancase", "recommendedremedy", "ombudsmannotice"):
        assert client.get(reverse(f"admin:ombudsman_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:ombudsman_ombudsmancase_change", args=[enquiry.pk]))
    assert page.status_code == 200
    assert "25 012 345" in page.content.decode()


def test_the_complaint_page_shows_the_ombudsman_panel_and_the_case_links_back(
    client, enquiry, complaints_officer
):
    client.force_login(complaints_officer)
    complaint_page = reverse("officer:case_detail", args=[enquiry.case.reference])
    page = client.get(complaint_page).content.decode()
    assert 'id="ombudsman"' in page
    assert _detail(enquiry) in page
    assert f"{reverse('ombudsman:open')}?case={enquiry.case.reference}" in page
    ombudsman_page = client.get(_detail(enquiry)).content.decode()
    assert f'href="{complaint_page}#timeline"' in ombudsman_page
    # "Ombudsman" is the current menu item: its section's (this is not the list, its own page).
    assert f'href="{reverse("ombudsman:list")}" aria-current="true"><strong' in ombudsman_page

"""The case page and its actions: categorise, assign, note, attach a document."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from feedback.models import CaseEvent, Category, ComplaintGround
from feedback.services import case_note_add, customer_restriction_record
from feedback.states import CaseState
from tests.factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _page(client, case):
    response = client.get(reverse("officer:case_detail", args=[case.reference]))
    assert response.status_code == 200
    return response


def _url(name, case):
    return reverse(f"officer:{name}", args=[case.reference])


def test_the_case_page_shows_everything_about_the_case(
    login, housing_officer, make_case, organisation
):
    case = make_case(
        summary="Damp in the bedroom",
        description="Black mould for months.",
        outcome_wanted="Fix the leak",
        state=CaseState.STAGE1,
        respond_by=date(2026, 3, 9),
        assigned_to=housing_officer,
    )
    case.customer.preferred_format = "large_print"
    case.customer.accessibility_needs = "Partially sighted"
    case.customer.save()
    html = _page(login(housing_officer), case).content.decode()
    for text in [
        case.reference,
        "Damp in the bedroom",
        "Black mould for months.",
        "Fix the leak",
        "Housing",
        "Web form",
        "Stage 1 investigation",
        "9 March 2026",
        "Overdue",
        "Large print",
        "Partially sighted",
        case.customer.email,
        housing_officer.get_full_name(),
    ]:
        assert escape(text) in html, text  # a generated name may be "O'Neill"
    # The other apps' panels are part of the page.
    templates = {t.name for t in _page(login(housing_officer), case).templates}
    assert {
        "escalation/officer/case_panel.html",
        "letters/officer/case_panel.html",
        "ombudsman/officer/case_panel.html",
    } <= templates


def test_the_contact_restriction_is_shown_on_every_case_of_the_customer(
    login, housing_officer, complaints_manager, make_case
):
    first = make_case()
    second = make_case(customer=first.customer)
    customer_restriction_record(
        customer=first.customer,
        restriction="Contact by letter only, to the complaints manager.",
        review_on=date(2026, 9, 1),
        actor=complaints_manager,
    )
    client = login(housing_officer)
    for case in (first, second):
        html = _page(client, case).content.decode()
        assert 'id="contact-restriction"' in html
        assert "Contact by letter only" in html
        assert "1 September 2026" in html


def test_the_customers_other_cases_are_listed_within_the_officers_services(
    login, housing_officer, make_case, planning
):
    case = make_case()
    other = make_case(customer=case.customer)
    elsewhere = make_case(customer=case.customer, service=planning)
    html = _page(login(housing_officer), case).content.decode()
    assert other.reference in html
    assert elsewhere.reference not in html


def test_the_timeline_shows_who_did_what_and_when(login, housing_officer, make_case):
    case = make_case()
    case_note_add(case=case, text="Rang the customer back.", actor=housing_officer)
    html = _page(login(housing_officer), case).content.decode()
    assert "Rang the customer back." in html
    # Names such as O'Sullivan are HTML-escaped on the page.
    assert escape(housing_officer.get_full_name()) in html
    assert "10 March 2026, 10:00" in html


def test_the_case_page_costs_the_same_queries_however_long_its_history(
    login, housing_officer, make_case
):
    client = login(housing_officer)
    small = make_case()
    big = make_case()
    for n in range(8):
        case_note_add(case=big, text=f"Note {n}", actor=housing_officer)
        CaseFactory(
            organisation=big.organisation,
            service=big.service,
            channel=big.channel,
            customer=big.customer,
            assigned_to=housing_officer,
        )
    _page(client, small)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        _page(client, small)
    with CaptureQueriesContext(connection) as many:
        _page(client, big)
    assert len(many) == len(few)


# Actions ---------------------------------------------------------------------------------


def test_categorise_sets_category_ground_and_service_and_writes_the_timeline(
    login, complaints_officer, make_case, organisation, planning
):
    case = make_case()
    category = Category.objects.get(organisation=organisation, slug="officer-behaviour")
    ground = ComplaintGround.objects.get(organisation=organisation, slug="poor-information")
    response = login(complaints_officer).post(
        _url("case_categorise", case),
        {
            "categorise-category": category.pk,
            "categorise-ground": ground.pk,
            "categorise-service": planning.pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("case_detail", case)
    assert "Category and service saved" in response.content.decode()
    case.refresh_from_db()
    assert (case.category, case.ground, case.service) == (category, ground, planning)
    event = case.events.get(kind=CaseEvent.Kind.CATEGORISED)
    assert event.actor == complaints_officer
    assert "Housing → Planning and Development" in event.summary


def test_moving_a_case_unassigns_an_officer_of_the_old_service(
    login, complaints_officer, housing_officer, make_case, planning
):
    case = make_case(assigned_to=housing_officer)
    login(complaints_officer).post(
        _url("case_categorise", case),
        {"categorise-category": "", "categorise-service": planning.pk},
    )
    case.refresh_from_db()
    assert case.assigned_to is None


def test_categorise_needs_the_triage_permission(login, housing_officer, make_case, planning):
    case = make_case()
    response = login(housing_officer).post(
        _url("case_categorise", case), {"categorise-service": planning.pk}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.service.slug == "housing"
    assert not case.events.filter(kind=CaseEvent.Kind.CATEGORISED).exists()


def test_an_invalid_category_shows_the_error_on_the_case_page(
    login, complaints_officer, make_case, organisation
):
    case = make_case()
    compliment_only = Category.objects.get(
        organisation=organisation, slug="compliment-of-good-service"
    )
    response = login(complaints_officer).post(
        _url("case_categorise", case),
        {"categorise-category": compliment_only.pk, "categorise-service": case.service_id},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Select a category from the list" in html


def test_assign_to_an_officer_of_the_service(login, housing_manager, housing_officer, make_case):
    case = make_case()
    response = login(housing_manager).post(
        _url("case_assign", case), {"assign-officer": housing_officer.pk}, follow=True
    )
    assert "Case assigned to" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == housing_officer
    event = case.events.get(kind=CaseEvent.Kind.ASSIGNED)
    assert event.actor == housing_manager


def test_assign_refuses_an_officer_outside_the_service(
    login, housing_manager, planning_officer, make_case
):
    case = make_case()
    response = login(housing_manager).post(
        _url("case_assign", case), {"assign-officer": planning_officer.pk}
    )
    assert response.status_code == 200
    assert "Select an officer who works for this service" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None


def test_assign_offers_central_officers_too(login, housing_manager, complaints_officer, make_case):
    case = make_case()
    form = _page(login(housing_manager), case).context["forms"]["assign"]
    assert complaints_officer in form.fields["officer"].queryset


def test_assign_needs_the_assign_permission(login, housing_officer, make_case):
    case = make_case()
    response = login(housing_officer).post(
        _url("case_assign", case), {"assign-officer": housing_officer.pk}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None


def test_any_officer_of_the_case_adds_an_internal_note(login, housing_officer, make_case):
    case = make_case()
    response = login(housing_officer).post(
        _url("case_note", case), {"note-text": "Customer prefers mornings."}, follow=True
    )
    assert "Note added" in response.content.decode()
    event = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert (event.detail, event.actor, event.is_internal) == (
        "Customer prefers mornings.",
        housing_officer,
        True,
    )


def test_an_empty_note_is_refused_with_an_error(login, housing_officer, make_case):
    case = make_case()
    response = login(housing_officer).post(_url("case_note", case), {"note-text": "  "})
    assert response.status_code == 200
    assert "Enter the note" in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.NOTE).exists()


def test_attach_a_document_and_download_it_through_the_access_check(
    login, housing_officer, planning_officer, make_case
):
    case = make_case()
    client = login(housing_officer)
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(_url("case_document", case), {"document-file": upload}, follow=True)
    assert "Document letter.pdf added" in response.content.decode()
    attachment = case.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert case.events.filter(kind=CaseEvent.Kind.ATTACHMENT, actor=housing_officer).exists()
    url = reverse("officer:attachment_download", args=[case.reference, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    # The stored file has no public URL in any page.
    assert "/media/" not in response.content.decode()
    assert login(planning_officer).get(url).status_code == 404


def test_a_document_of_a_forbidden_type_is_refused(login, housing_officer, make_case):
    case = make_case()
    upload = SimpleUploadedFile(
        "evil.pdf", b"MZ\x90\x00 executable", content_type="application/pdf"
    )
    response = login(housing_officer).post(_url("case_document", case), {"document-file": upload})
    assert response.status_code == 200
    assert "must be a JPEG image, PDF" in response.content.decode()
    assert not case.attachments.exists()


def test_attaching_needs_the_attachment_permission(login, committee_member, make_case):
    case = make_case()
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = login(committee_member).post(_url("case_document", case), {"document-file": upload})
    assert response.status_code == 403
    assert not case.attachments.exists()


def test_attaching_needs_the_attachment_permission_even_for_an_officer_of_the_service(
    login, housing, make_case
):
    from django.contrib.auth.models import Group, Permission

    from tests.factories import officer_create

    group = Group.objects.create(name="Read only")
    group.permissions.set(Permission.objects.filter(codename="view_case"))
    reader = officer_create(role="Read only", services=[housing], username="reader")
    case = make_case()
    client = login(reader)
    assert "document-form" not in _page(client, case).content.decode()
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(_url("case_document", case), {"document-file": upload})
    assert response.status_code == 403
    assert not case.attachments.exists()

"""Erasure and rectification on request (issue 13), end to end through the customer page:
the complaints manager asks, sees what will be deleted, confirms; legal hold refuses; the
timeline records who, when, why and the lawful basis; a correction keeps no old value."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback.models import Case, CaseEvent, Customer
from feedback.progress import progress_token_make
from feedback.services import attachment_add, event_record
from tests.factories import CaseFactory, CustomerFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def ann(organisation, housing, web_form):
    customer = CustomerFactory(
        organisation=organisation,
        first_name="Ann",
        last_name="Lee",
        email="ann.lee@example.com",
        phone="07700 900123",
        address="3 Elm Road",
    )
    first = CaseFactory(
        organisation=organisation,
        service=housing,
        channel=web_form,
        customer=customer,
        description="My neighbour Mr Smith at 5 Elm Road plays music all night",
        state="closed",
    )
    second = CaseFactory(
        organisation=organisation, service=housing, channel=web_form, customer=customer
    )
    attachment_add(
        case=first,
        upload=SimpleUploadedFile("evidence.pdf", PDF),
        content_type="application/pdf",
        uploaded_by=None,
    )
    event_record(case=first, kind=CaseEvent.Kind.NOTE, summary="Rang Ann", detail="07700 900123")
    return customer, first, second


def _erase_url(customer):
    return reverse("officer:customer_erase", args=[customer.pk])


def test_erasing_every_case_asks_for_confirmation_then_anonymises_them(
    client, complaints_manager, ann, django_capture_on_commit_callbacks
):
    customer, first, second = ann
    path = first.attachments.get().file.path
    client.force_login(complaints_manager)
    page = client.get(reverse("officer:customer_detail", args=[customer.pk]))
    assert "Erase their personal data" in page.text

    form = client.get(_erase_url(customer))
    assert form.status_code == 200
    assert form.text.count('type="checkbox"') == 2
    assert form.text.count(" checked") >= 2
    request = {
        "cases": [first.pk, second.pk],
        "lawful_basis": "17-1-b",
        "reason": "Asked by letter on 2 November; identity checked against her council tax record.",
    }
    confirm = client.post(_erase_url(customer), request)
    # Nothing is erased yet: the page says what will go, and that it cannot be undone.
    assert confirm.status_code == 200
    assert "This cannot be undone" in confirm.text
    assert "Documents deleted" in confirm.text
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 0
    counts = dict(confirm.context["preview"].counts)
    assert counts["Cases anonymised"] == 2
    assert counts["Documents deleted"] == 1
    assert "Name, contact details and adjustments erased" in confirm.text

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_erase_url(customer), {**request, "confirm": "yes"})
    assert done.status_code == 302
    for case in (first, second):
        case.refresh_from_db()
        assert case.anonymised_at is not None
        entry = case.events.get(summary__startswith="Personal data removed")
        assert entry.actor == complaints_manager
        assert entry.summary == (
            "Personal data removed: erasure on request, UK GDPR Article 17(1)(b)"
        )
        assert "Consent withdrawn" in entry.detail
        assert "identity checked" in entry.detail
    assert "Smith" not in first.description
    assert not Path(path).exists()
    customer = Customer.objects.get(pk=customer.pk)
    assert (customer.first_name, customer.email, customer.phone) == ("", "", "")
    assert not customer.history.filter(email__gt="").exists()


def test_erasing_chosen_cases_keeps_the_customer_and_the_other_case(
    client, complaints_manager, ann
):
    customer, first, second = ann
    token = progress_token_make(case=first, email="ann.lee@example.com")
    client.force_login(complaints_manager)
    request = {"cases": [first.pk], "lawful_basis": "17-1-a", "reason": "Asked on 2 November."}
    confirm = client.post(_erase_url(customer), request)
    assert "Kept: the customer has other cases" in confirm.text
    client.post(_erase_url(customer), {**request, "confirm": "yes"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.anonymised_at is not None
    assert second.anonymised_at is None
    assert Customer.objects.get(pk=customer.pk).email == "ann.lee@example.com"
    client.logout()
    assert client.get(reverse("public:progress_case", args=[token])).status_code != 200


def test_legal_hold_refuses_with_a_clear_message(client, complaints_manager, ann):
    customer, first, second = ann
    Case.objects.filter(pk=second.pk).update(legal_hold=True)
    client.force_login(complaints_manager)
    request = {"cases": [first.pk, second.pk], "lawful_basis": "17-1-a", "reason": "Asked."}
    for data in (request, {**request, "confirm": "yes"}):
        response = client.post(_erase_url(customer), data)
        assert response.status_code == 200
        assert f"{second.reference} is on legal hold" in response.text
        assert "govuk-error-summary" in response.text
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()


def test_the_reason_and_lawful_basis_are_required(client, complaints_manager, ann):
    customer, first, _ = ann
    client.force_login(complaints_manager)
    response = client.post(_erase_url(customer), {"cases": [first.pk], "confirm": "yes"})
    assert "Enter the reason for erasure" in response.text
    assert "Select the lawful basis for erasure" in response.text
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()


def test_officers_without_the_permission_cannot_erase_or_correct(client, complaints_officer, ann):
    customer, first, _ = ann
    client.force_login(complaints_officer)
    page = client.get(reverse("officer:customer_detail", args=[customer.pk]))
    assert "Erase their personal data" not in page.text
    assert client.get(_erase_url(customer)).status_code == 403
    request = {"cases": [first.pk], "lawful_basis": "17-1-a", "reason": "x", "confirm": "yes"}
    assert client.post(_erase_url(customer), request).status_code == 403
    url = reverse("officer:customer_rectify", args=[customer.pk])
    assert client.post(url, {"email": "x@example.com", "reason": "x"}).status_code == 403
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()


def test_a_correction_is_recorded_and_the_old_value_is_not_kept(client, complaints_manager, ann):
    customer, first, second = ann
    client.force_login(complaints_manager)
    url = reverse("officer:customer_rectify", args=[customer.pk])
    form = client.get(url)
    assert 'value="ann.lee@example.com"' in form.text
    data = {
        "title": "",
        "first_name": "Anne",
        "last_name": "Lee",
        "email": "anne.lee@example.com",
        "phone": "07700 900123",
        "address": "3 Elm Road",
        "postcode": customer.postcode,
        "reason": "",
    }
    missing_reason = client.post(url, data)
    assert "Enter the reason for the correction" in missing_reason.text
    assert Customer.objects.get(pk=customer.pk).email == "ann.lee@example.com"

    response = client.post(url, {**data, "reason": "She wrote on 2 November: misspelt."})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.email) == ("Anne", "anne.lee@example.com")
    for case in (first, second):
        entry = case.events.get(summary__startswith="Customer's details corrected")
        assert entry.summary == "Customer's details corrected on request: first name, email"
        assert entry.actor == complaints_manager
        assert "misspelt" in entry.detail
        assert "ann.lee@" not in entry.detail
    # The inaccurate values are gone from the field history too.
    assert not customer.history.filter(email="ann.lee@example.com").exists()
    assert not customer.history.filter(first_name="Ann").exists()

    unchanged = client.post(
        url, {**data, "first_name": "Anne", "email": "anne.lee@example.com", "reason": "again"}
    )
    assert "Nothing was changed" in unchanged.text

"""Subject access requests (issue 13): one action on the customer page exports everything held
about the person as a zip with an index page; recorded on the timeline; deleted after a set
time. Internal notes are not disclosed."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback import clock
from feedback.models import CaseEvent, SubjectAccessExport
from feedback.services import attachment_add, event_record
from feedback.subject_access import subject_access_exports_purge
from tests.factories import CaseFactory, CustomerFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def customer_with_cases(organisation, complaints_officer):
    customer = CustomerFactory(organisation=organisation, first_name="Ann", last_name="Lee")
    first = CaseFactory(organisation=organisation, customer=customer, description="Bins")
    CaseFactory(organisation=organisation, customer=customer)
    event_record(case=first, kind=CaseEvent.Kind.CUSTOMER, summary="Ann rang", is_internal=False)
    event_record(case=first, kind=CaseEvent.Kind.NOTE, summary="Officer-only note")
    attachment_add(
        case=first,
        upload=SimpleUploadedFile("photo.pdf", PDF),
        content_type="application/pdf",
        uploaded_by=None,
    )
    return customer, first


def test_the_complaints_manager_exports_a_customers_data_as_one_zip(
    client, complaints_manager, customer_with_cases
):
    customer, first = customer_with_cases
    client.force_login(complaints_manager)
    page = client.get(reverse("officer:customer_detail", args=[customer.pk]))
    assert b"subject-access-form" in page.content

    response = client.post(reverse("officer:customer_subject_access", args=[customer.pk]))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"index.html", "customer.json", "cases.csv"} <= names
    assert json.loads(archive.read("customer.json"))["last_name"] == "Lee"
    timeline = archive.read(f"cases/{first.reference}/timeline.csv").decode()
    assert "Ann rang" in timeline
    assert "Officer-only note" not in timeline
    assert archive.read(f"cases/{first.reference}/documents/photo.pdf") == PDF
    assert f"cases/{first.reference}/case.json" in archive.read("index.html").decode()
    for case in customer.cases.all():
        assert case.events.filter(summary__startswith="Subject access request").count() == 1


def test_an_officer_without_the_permission_cannot_export(
    client, complaints_officer, customer_with_cases
):
    customer, _ = customer_with_cases
    client.force_login(complaints_officer)
    response = client.post(reverse("officer:customer_subject_access", args=[customer.pk]))
    assert response.status_code == 403
    assert not SubjectAccessExport.objects.exists()


def test_exports_are_deleted_after_their_time(client, complaints_manager, customer_with_cases):
    customer, _ = customer_with_cases
    client.force_login(complaints_manager)
    client.post(reverse("officer:customer_subject_access", args=[customer.pk]))
    export = SubjectAccessExport.objects.get()
    path = export.file.path

    assert subject_access_exports_purge(now=clock.now() + timedelta(days=29)) == 0
    assert subject_access_exports_purge(now=clock.now() + timedelta(days=31)) == 1
    assert not SubjectAccessExport.objects.exists()
    assert not os.path.exists(path)

"""Issue 12: the read-access log says who opened which case, customer, letter or attachment,
and when; the complaints manager searches it per case and per officer; it is kept for the
configured period."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback import clock
from feedback.models import AccessLogEntry
from feedback.services import attachment_add
from feedback.tasks import purge_access_log

pytestmark = pytest.mark.django_db


def test_opening_a_case_a_customer_and_an_attachment_is_logged(
    client, housing_case, housing_officer
):
    attachment = attachment_add(
        case=housing_case,
        upload=SimpleUploadedFile("note.txt", b"hello"),
        content_type="text/plain",
        uploaded_by=None,
    )
    client.force_login(housing_officer)
    client.get(reverse("officer:case_detail", args=[housing_case.reference]))
    client.get(reverse("officer:customer_detail", args=[housing_case.customer_id]))
    client.get(reverse("officer:attachment_download", args=[housing_case.reference, attachment.pk]))

    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [(e.kind, e.object_id, e.username) for e in entries] == [
        ("case", housing_case.pk, housing_officer.username),
        ("customer", housing_case.customer_id, housing_officer.username),
        ("attachment", attachment.pk, housing_officer.username),
    ]
    assert entries[0].case_reference == housing_case.reference
    assert entries[0].customer_id_seen == housing_case.customer_id


def test_a_refused_read_is_not_logged_as_a_read(client, housing_case, planning_officer):
    client.force_login(planning_officer)
    assert (
        client.get(reverse("officer:case_detail", args=[housing_case.reference])).status_code == 404
    )
    assert not AccessLogEntry.objects.exists()


def test_the_complaints_manager_searches_per_case_and_per_officer(
    client, housing_case, housing_officer, complaints_officer, complaints_manager, organisation
):
    from tests.factories import CaseFactory

    other = CaseFactory(organisation=organisation, service=housing_case.service)
    for officer, case in [
        (housing_officer, housing_case),
        (complaints_officer, housing_case),
        (complaints_officer, other),
    ]:
        client.force_login(officer)
        client.get(reverse("officer:case_detail", args=[case.reference]))

    client.force_login(complaints_manager)
    url = reverse("officer:access_log")
    by_case = client.get(url, {"reference": housing_case.reference.lower()})
    rows = by_case.context["page"].object_list
    assert {e.username for e in rows} == {housing_officer.username, complaints_officer.username}
    by_officer = client.get(url, {"officer": complaints_officer.username})
    assert {e.case_reference for e in by_officer.context["page"].object_list} == {
        housing_case.reference,
        other.reference,
    }
    assert other.reference in by_officer.text


def test_only_the_complaints_manager_reads_the_log(
    client, complaints_officer, housing_officer, committee_member
):
    for user in (complaints_officer, housing_officer, committee_member):
        client.force_login(user)
        assert client.get(reverse("officer:access_log")).status_code == 403
    client.logout()
    assert client.get(reverse("officer:access_log")).status_code == 302


def test_entries_older_than_the_retention_period_are_deleted(settings, housing_officer):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    now = clock.now()
    for days in (31, 29):
        AccessLogEntry.objects.create(
            at=now - timedelta(days=days),
            user=housing_officer,
            username="x",
            kind="case",
            object_id=days,
            path="/",
        )
    assert purge_access_log() == 1
    assert list(AccessLogEntry.objects.values_list("object_id", flat=True)) == [29]
    assert purge_access_log() == 0

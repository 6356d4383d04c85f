import base64
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from feedback.models import Attachment, Case, CaseEvent, Customer

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
URL = "/api/v1/cases/"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def test_central_officer_creates_a_complaint_with_its_reference_and_customer(
    as_central, complaints_officer, complaint_body
):
    response = as_central.post(URL, complaint_body, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "CMP-2026-00001"
    assert body["status"] == {"code": "received", "label": "Received"}
    assert body["channel"]["slug"] == "telephone"
    assert body["customer"]["email"] == "sam@example.com"
    case = Case.objects.get(reference=body["reference"])
    assert case.created_by == complaints_officer
    assert case.received_at == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert case.events.filter(kind=CaseEvent.Kind.RECEIVED).count() == 1
    assert body["timeline"][0]["summary"] == "Complaint received by telephone"


def test_an_existing_customer_is_matched_by_email(as_central, complaint_body, organisation):
    known = Customer.objects.create(organisation=organisation, email="SAM@example.com")

    as_central.post(URL, complaint_body, format="json")

    # An API client acting for the public proves nothing (issue 12): the known record is not
    # changed; the case's customer is new and flagged as a possible match of it.
    assert Case.objects.get().customer.possible_match == known
    known.refresh_from_db()
    assert (known.first_name, known.last_name, known.phone) == ("", "", "")


def test_attachments_as_base64_are_checked_and_stored(as_central, complaint_body):
    complaint_body["attachments"] = [
        {"name": "letter.pdf", "content": base64.b64encode(PDF).decode()}
    ]

    response = as_central.post(URL, complaint_body, format="json")

    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == ("letter.pdf", "application/pdf")
    assert response.json()["attachments"][0]["name"] == "letter.pdf"


def test_a_disallowed_attachment_is_refused_with_a_field_error(as_central, complaint_body):
    exe = b"MZ\x90\x00" + b"\x00" * 200
    complaint_body["attachments"] = [
        {"name": "ok.pdf", "content": base64.b64encode(PDF).decode()},
        {"name": "setup.exe", "content": base64.b64encode(exe).decode()},
    ]

    response = as_central.post(URL, complaint_body, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["attachments.1.content"]
    assert not Case.objects.exists()


def test_bad_base64_is_a_field_error(as_central, complaint_body):
    complaint_body["attachments"] = [{"name": "x.pdf", "content": "not base64!"}]

    response = as_central.post(URL, complaint_body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"attachments.0": ["The content is not valid base64."]}


def test_multipart_with_files_and_dotted_customer_fields(as_central):
    response = as_central.post(
        URL,
        {
            "kind": "comment",
            "channel": "email",
            "service": "leisure",
            "summary": "Longer opening hours",
            "description": "Please open the pool earlier on Saturdays.",
            "customer.email": "swimmer@example.com",
            "attachments": [
                SimpleUploadedFile("a.pdf", PDF),
                SimpleUploadedFile("b.txt", b"plain words\n"),
            ],
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert case.kind == "comment"
    assert case.customer.email == "swimmer@example.com"
    assert sorted(case.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "text/plain",
    ]
    assert case.received_at == NOW


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_at": "2026-11-24T10:00:00Z"}, "received_at", "Must not be in the future."),
        ({"received_at": "2026-11-20T10:00:00"}, "received_at", "Give the time with its UTC"),
        ({"received_at": "1066-10-14T10:00:00Z"}, "received_at", "Must be between"),
        ({"channel": "carrier-pigeon"}, "channel", "Object with slug=carrier-pigeon"),
        ({"service": 5}, "service", "Invalid value."),
        ({"summary": 42}, "summary", "Must be text."),
        ({"summary": ""}, "summary", "This field may not be blank."),
        ({"summary": "x" * 201}, "summary", "no more than 200"),
        ({"kind": "grumble"}, "kind", "not a valid choice"),
        ({"category": "compliment-of-good-service"}, "category", "not used for a complaint"),
        ({"customer": {"first_name": "Anon"}}, "customer", "needs a way to reply"),
        ({"customer": {"email": "not-an-email"}}, "customer.email", "valid email"),
        ({"state": "closed", "description": None}, "description", "may not be null"),
    ],
)
def test_invalid_input_gets_field_errors_in_one_shape(
    as_central, complaint_body, change, field, message
):
    response = as_central.post(URL, {**complaint_body, **change}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"status", "code", "detail", "fields"}
    assert (body["status"], body["code"]) == (400, "invalid")
    assert message in " ".join(body["fields"][field])
    assert not Case.objects.exists()


def test_the_state_cannot_be_set_on_create(as_central, complaint_body):
    response = as_central.post(URL, {**complaint_body, "state": "closed"}, format="json")

    assert response.status_code == 201
    assert Case.objects.get().state == "received"


def test_a_malformed_json_body_is_a_400_in_the_error_shape(as_central):
    response = as_central.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_comment_may_be_anonymous(as_central):
    response = as_central.post(
        URL,
        {
            "kind": "compliment",
            "channel": "in-person",
            "service": "leisure",
            "category": "compliment-of-good-service",
            "summary": "Lovely staff",
            "description": "The lifeguard was very helpful.",
            "staff_member_named": "Alex",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["customer"] is None
    assert response.json()["reference"].startswith("CPL-2026-")


def test_an_investigating_officer_may_not_create(as_housing, complaint_body):
    response = as_housing.post(URL, complaint_body, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_committee_member_may_not_create(as_committee, complaint_body):
    assert as_committee.post(URL, complaint_body, format="json").status_code == 403


def test_anonymous_gets_401_in_the_error_shape(anonymous, complaint_body):
    response = anonymous.post(URL, complaint_body, format="json")

    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "fields": {},
    }


@pytest.mark.django_db(transaction=True)
def test_a_create_reads_no_reference_rows_or_permissions_and_the_key_once(
    as_central, complaint_body
):
    """Issue 14: the services, channels, categories, grounds and the caller's permissions come
    from the process's kept reference data; the Idempotency-Key is looked up once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from feedback.reference import reference_forget

    reference_forget()
    as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="first")
    with CaptureQueriesContext(connection) as captured:
        response = as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="two")
    assert response.status_code == 201, response.json()
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    for table in ("feedback_channel", "feedback_servicearea", "feedback_category"):
        assert not [sql for sql in reads if sql.split(" WHERE")[0].endswith(f'"{table}"')], table
    assert not [sql for sql in reads if 'FROM "auth_permission"' in sql]
    assert len([sql for sql in reads if 'FROM "api_idempotencykey"' in sql]) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key", [None, "crm-2"])
def test_a_create_reads_nothing_of_the_new_case_back(as_central, complaint_body, key):
    """Issue 14: the response is rendered from the rows the create wrote; without a key the
    create's own transaction is the only one (no savepoint inside another)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    as_central.post(URL, complaint_body, format="json")
    with CaptureQueriesContext(connection) as captured:
        response = as_central.post(URL, complaint_body, format="json", **headers)
    assert response.status_code == 201, response.json()
    statements = [q["sql"] for q in captured.captured_queries]
    for table in ("feedback_caseevent", "escalation_casestage", "feedback_attachment"):
        assert not [sql for sql in statements if sql.startswith(f'SELECT "{table}"')], table
    assert bool([sql for sql in statements if sql.startswith("SAVEPOINT")]) == bool(key)


@pytest.mark.django_db(transaction=True)
def test_a_service_closed_since_the_last_create_is_refused_at_once(
    as_central, complaint_body, organisation
):
    from feedback.models import ServiceArea

    assert as_central.post(URL, complaint_body, format="json").status_code == 201
    service = ServiceArea.objects.get(slug=complaint_body["service"])
    service.is_active = False
    service.save()
    response = as_central.post(URL, complaint_body, format="json")
    assert response.status_code == 400
    assert "service" in str(response.json())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_customer", [True, False])
def test_the_create_response_is_what_reading_the_case_answers(
    as_central, complaint_body, with_customer
):
    """The response is rendered from the case just made (not read back whole): it must be
    exactly what a read of the same case returns."""
    complaint_body["attachments"] = [
        {"name": "letter.pdf", "content": base64.b64encode(PDF).decode()}
    ]
    complaint_body["ground"] = "poor-information"
    if not with_customer:  # a compliment may come with no way to reply
        complaint_body.update(kind="compliment")
        del complaint_body["customer"], complaint_body["ground"], complaint_body["category"]
    created = as_central.post(URL, complaint_body, format="json")
    assert created.status_code == 201, created.json()
    read = as_central.get(f"{URL}{created.json()['reference']}/")
    assert created.json() == read.json()

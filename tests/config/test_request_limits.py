"""Request bodies: a form body is capped far below the old 60 MB; uploads still go up to their
stated limit (ATTACHMENT_MAX_BYTES a file)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.feedback.public_helpers import COMPLAINT

pytestmark = pytest.mark.django_db

PDF_HEAD = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
PDF_TAIL = (
    b"\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def padded_pdf(size: int) -> bytes:
    return PDF_HEAD + b"%" + b"x" * (size - len(PDF_HEAD) - len(PDF_TAIL) - 1) + PDF_TAIL


def test_a_form_body_over_a_megabyte_is_refused_unread_with_a_page_that_keeps_the_answers(
    client, organisation
):
    body = "description=" + "a" * (1024 * 1024 + 1)
    response = client.post(
        "/feedback/details/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too big" in html
    assert "Your answers are kept" in html


def test_the_limits_are_well_below_sixty_megabytes(settings):
    from config.request_limits import request_body_limit

    class Form:
        content_type = "application/x-www-form-urlencoded"

    class Multipart:
        content_type = "multipart/form-data"

    assert request_body_limit(Form()) <= 1024 * 1024
    # Five files of 10 MB (the stated limits) and their form fields.
    assert request_body_limit(Multipart()) == 51 * 1024 * 1024


def test_a_file_just_under_the_stated_limit_still_uploads(client, public_form, settings):
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    document = SimpleUploadedFile(
        "big.pdf", padded_pdf(settings.ATTACHMENT_MAX_BYTES - 1), content_type="application/pdf"
    )
    response = client.post(url, {"action": "upload", "document": document})
    assert response.status_code == 302
    assert "big.pdf" in client.get(url).content.decode()


def test_a_multipart_body_past_every_allowance_is_refused_unread(client, organisation):
    response = client.post(
        "/feedback/attachments/",
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(52 * 1024 * 1024),
    )
    assert response.status_code == 413

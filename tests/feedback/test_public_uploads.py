"""Documents on the public form: checked by their bytes, held privately until the case exists."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback.models import Case
from feedback.uploads import pending_uploads_purge, upload_check
from tests.feedback.public_helpers import COMPLAINT, soup_of

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89"
)
HTML = b"<html><body><script>alert(1)</script></body></html>"


def pdf(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_upload_check_reads_the_type_from_the_bytes_not_the_name():
    assert upload_check(pdf()) == "application/pdf"
    assert upload_check(SimpleUploadedFile("photo.jpg", PNG)) == "image/png"
    with pytest.raises(ValidationError) as refused:
        upload_check(SimpleUploadedFile("invoice.pdf", HTML, content_type="application/pdf"))
    assert refused.value.messages == [
        "The selected file must be a JPEG image, PDF, PNG image, Word document or text file"
    ]


def test_upload_check_refuses_empty_and_too_large_files(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="The selected file must be smaller than 1.0"):
        upload_check(pdf(content=PDF + b"0" * 1024))
    with pytest.raises(ValidationError, match="The selected file is empty"):
        upload_check(SimpleUploadedFile("empty.pdf", b""))


@pytest.mark.django_db
def test_documents_added_on_the_form_are_stored_with_the_case(
    client, public_form, settings, django_capture_on_commit_callbacks
):
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    response = client.post(url, {"action": "upload", "document": pdf()})
    assert response["Location"] == url
    page = soup_of(client.get(url))
    assert "letter.pdf" in page.select_one(".govuk-summary-list").get_text()
    pending = Path(settings.MEDIA_ROOT) / "pending"
    assert len(list(pending.iterdir())) == 1
    # Continue with a file chosen uploads it too.
    client.post(url, {"action": "continue", "document": SimpleUploadedFile("p.png", PNG)})
    assert "letter.pdf" in public_form.check_page().content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        public_form.send()
    case = Case.objects.get()
    stored = {a.original_name: a for a in case.attachments.all()}
    assert set(stored) == {"letter.pdf", "p.png"}
    assert stored["letter.pdf"].content_type == "application/pdf"
    assert stored["letter.pdf"].file.read() == PDF
    assert not stored["letter.pdf"].file.name.startswith("pending")
    assert list(pending.iterdir()) == []  # the waiting copies are gone once committed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("page.pdf", HTML), "The selected file must be a JPEG image, PDF"),
        (pdf(content=PDF + b"0" * 2048), "The selected file must be smaller than"),
        (None, "Select a file to upload"),
    ],
)
def test_a_wrong_file_is_refused_with_a_message(client, public_form, settings, upload, message):
    settings.ATTACHMENT_MAX_BYTES = 2048
    public_form.fill(COMPLAINT, stop_before="attachments")
    data = {"action": "upload"}
    if upload is not None:
        data["document"] = upload
    response = client.post(reverse("public:attachments"), data)
    assert response.status_code == 200
    page = soup_of(response)
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one(".govuk-error-summary a")["href"] == "#id_document"
    assert message in page.select_one("#id_document-error").get_text()
    assert not list((Path(settings.MEDIA_ROOT) / "pending").glob("*"))


@pytest.mark.django_db
def test_no_more_files_than_the_limit_and_a_file_can_be_removed(client, public_form, settings):
    settings.ATTACHMENT_MAX_FILES = 1
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    client.post(url, {"action": "upload", "document": pdf()})
    response = client.post(url, {"action": "upload", "document": pdf("second.pdf")})
    assert (
        "You can upload up to 1 file. Remove one"
        in soup_of(response).select_one("#id_document-error").text
    )

    key = soup_of(client.get(url)).select_one("button[name=remove]")["value"]
    client.post(url, {"remove": key})
    assert soup_of(client.get(url)).select_one(".govuk-summary-list") is None
    assert not list((Path(settings.MEDIA_ROOT) / "pending").glob("*"))


@pytest.mark.django_db
def test_waiting_files_are_never_served(client, public_form, settings):
    public_form.fill(COMPLAINT, stop_before="attachments")
    client.post(reverse("public:attachments"), {"action": "upload", "document": pdf()})
    (waiting,) = (Path(settings.MEDIA_ROOT) / "pending").iterdir()
    for url in (f"/media/pending/{waiting.name}", f"/pending/{waiting.name}"):
        assert client.get(url).status_code == 404


def test_files_of_abandoned_forms_are_purged(settings):
    folder = Path(settings.MEDIA_ROOT) / "pending"
    folder.mkdir(parents=True)
    old, new = folder / "a", folder / "b"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert pending_uploads_purge(older_than=timedelta(days=1)) == 1
    assert [p.name for p in folder.iterdir()] == ["b"]

"""Uploaded PDFs that could act when opened are refused; with CLAMD_SOCKET every upload goes
through clamd (here a fake clamd this test starts on a Unix socket) before it is stored."""

import io
import socketserver
import struct
import threading
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback.upload_safety import PDF_REFUSED, SCAN_UNAVAILABLE, VIRUS_FOUND
from feedback.uploads import upload_check
from tests.feedback.public_helpers import COMPLAINT

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf_bytes(*, javascript=False, attachment=False, compressed=False) -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    if javascript:
        action = document.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        )
        document.Root.OpenAction = action
    if attachment:
        spec = pikepdf.AttachedFileSpec(document, b"MZ evil", filename="payload.exe")
        document.attachments["payload.exe"] = spec
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if compressed else pikepdf.ObjectStreamMode.disable
    document.save(out, object_stream_mode=mode, compress_streams=compressed)
    return out.getvalue()


def upload(content: bytes, name="doc.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_plain_pdf_is_accepted():
    assert upload_check(upload(pdf_bytes())) == "application/pdf"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"javascript": True},
        {"javascript": True, "compressed": True},  # hidden in an object stream
        {"attachment": True},
        {"attachment": True, "compressed": True},
    ],
)
def test_a_pdf_with_javascript_or_an_embedded_file_is_refused(kwargs):
    content = pdf_bytes(**kwargs)
    if kwargs.get("compressed") and kwargs.get("javascript"):
        assert b"/JavaScript" not in content  # a byte search alone would miss it
    with pytest.raises(ValidationError) as refused:
        upload_check(upload(content))
    assert refused.value.messages == [PDF_REFUSED]


def test_a_damaged_pdf_naming_javascript_is_refused_and_a_damaged_plain_one_is_not():
    damaged = b"%PDF-1.4\n1 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n%%EOF\n"
    with pytest.raises(ValidationError):
        upload_check(upload(damaged))
    assert upload_check(upload(b"%PDF-1.4 test /JSON-like text")) == "application/pdf"


def test_the_public_form_shows_the_refusal_and_keeps_the_answers(client, public_form, settings):
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    response = client.post(
        url, {"action": "upload", "document": upload(pdf_bytes(javascript=True))}
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "contains scripts, actions or attached files" in html
    assert not (Path(settings.MEDIA_ROOT) / "pending").exists() or not list(
        (Path(settings.MEDIA_ROOT) / "pending").iterdir()
    )


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM: length-prefixed chunks, a zero length, then one answer."""

    scanned: list[bytes] = []

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (size,) = struct.unpack("!L", self._read(4))
            if size == 0:
                break
            data += self._read(size)
        FakeClamd.scanned.append(data)
        verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
        self.request.sendall(verdict)

    def _read(self, size):
        buffer = b""
        while len(buffer) < size:
            buffer += self.request.recv(size - len(buffer))
        return buffer


@pytest.fixture
def clamd(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(path, FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET = path
    settings.CLAMD_MODE = "upload"  # these tests are of the scan at upload; see test_quarantine
    FakeClamd.scanned = []
    yield FakeClamd
    server.shutdown()
    server.server_close()


def test_with_clamd_a_clean_file_is_scanned_and_accepted(clamd):
    content = b"A letter about my bins.\n" * 5000
    assert upload_check(SimpleUploadedFile("a.txt", content)) == "text/plain"
    assert clamd.scanned == [content]


def test_with_clamd_an_infected_file_is_refused_before_it_is_stored(
    clamd, client, public_form, settings
):
    public_form.fill(COMPLAINT, stop_before="attachments")
    url = reverse("public:attachments")
    infected = SimpleUploadedFile("eicar.txt", EICAR + b"\n")
    response = client.post(url, {"action": "upload", "document": infected})
    assert VIRUS_FOUND in response.content.decode()
    pending = Path(settings.MEDIA_ROOT) / "pending"
    assert not pending.exists() or not list(pending.iterdir())
    assert clamd.scanned


def test_when_clamd_cannot_be_reached_the_file_is_refused_not_stored_unscanned(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    settings.CLAMD_MODE = "upload"
    with pytest.raises(ValidationError) as refused:
        upload_check(SimpleUploadedFile("a.txt", b"hello\n"))
    assert refused.value.messages == [SCAN_UNAVAILABLE]

"""What upload_check (feedback.uploads) runs on a file's content once its type is known.

* PDFs that could act when opened are refused: JavaScript, launch actions, automatic actions,
  embedded or attached files, rich media, XFA forms (pikepdf reads every object, compressed
  object streams included). A PDF qpdf cannot read at all is searched byte by byte for the
  same names instead: a reader that could run its script would have to find them there.
* With CLAMD_SOCKET set, files are scanned by clamd (INSTREAM). In CLAMD_MODE "quarantine"
  (the default) that happens after the file is stored, in a Celery task (feedback.quarantine),
  and the file is not served until it is found clean. In CLAMD_MODE "upload" the file is
  streamed to clamd before it is stored anywhere: it waits in memory or Django's temporary
  upload file, never in MEDIA_ROOT, until clamd says it is clean. If clamd cannot be reached
  the file is refused (fail closed) with a message to try again, and the rest of the form is
  kept.
"""

import io
import logging
import socket
import struct

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

logger = logging.getLogger(__name__)

# Names whose presence makes a PDF able to do something on opening, or carry another file.
_ACTIVE_PDF_NAMES = (
    "/JavaScript", "/JS", "/Launch", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles",
    "/FileAttachment", "/RichMedia", "/XFA", "/SubmitForm", "/ImportData", "/GoToE",
)  # fmt: skip
_ACTIVE_OPEN_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/URI")

PDF_REFUSED = (
    "The selected PDF contains scripts, actions or attached files, which cannot be accepted. "
    "Save it again as a plain PDF (for example, print it to PDF) and upload that"
)
VIRUS_FOUND = "The selected file contains a virus or other harmful content and was not accepted"
SCAN_UNAVAILABLE = (
    "The selected file could not be checked for viruses just now. Try again in a few minutes, "
    "or continue without it"
)


def _pdf_findings(document: pikepdf.Pdf) -> set[str]:
    found: set[str] = set()
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        keys = set(obj.keys())
        for name in _ACTIVE_PDF_NAMES:
            if name in keys and name != "/OpenAction":
                found.add(name)
        if obj.get("/S") in [pikepdf.Name(n) for n in _ACTIVE_OPEN_ACTIONS if n != "/URI"]:
            found.add(str(obj.get("/S")))
        if obj.get("/Type") == pikepdf.Name("/EmbeddedFile"):
            found.add("/EmbeddedFile")
        if obj.get("/Subtype") == pikepdf.Name("/FileAttachment"):
            found.add("/FileAttachment")
    open_action = document.Root.get("/OpenAction")
    if (
        isinstance(open_action, pikepdf.Dictionary)
        and str(open_action.get("/S")) in _ACTIVE_OPEN_ACTIONS
    ):
        found.add(f"/OpenAction {open_action.get('/S')}")
    return found


def _raw_findings(content: bytes) -> set[str]:
    found = set()
    # A plain /OpenAction (go to a page) is common and harmless; a script needs /JS anyway.
    for name in (n for n in _ACTIVE_PDF_NAMES if n != "/OpenAction"):
        token = name.encode()
        start = content.find(token)
        while start != -1:
            after = content[start + len(token) : start + len(token) + 1]
            # A whole name, not the start of a longer one (/JSON is not /JS).
            if not after or not (after.isalnum() or after in b"_-."):
                found.add(name)
                break
            start = content.find(token, start + 1)
    return found


def _file_bytes(file: UploadedFile) -> bytes:
    file.seek(0)
    content = file.read()
    file.seek(0)
    return content


def pdf_check(file: UploadedFile) -> None:
    content = _file_bytes(file)
    try:
        with pikepdf.open(io.BytesIO(content)) as document:
            found = _pdf_findings(document)
    except pikepdf.PdfError:
        found = _raw_findings(content)
    if found:
        logger.warning("Refused a PDF with %s", ", ".join(sorted(found)))
        raise ValidationError(PDF_REFUSED, code="pdf_active")


def clamd_answer(file: File) -> str:
    """Stream the file to clamd (`CLAMD_SOCKET`: a Unix socket path, or host:port) and return
    its answer ("stream: OK", "stream: <name> FOUND", ...). OSError if it cannot be reached."""
    address = settings.CLAMD_SOCKET
    try:
        if ":" in address and not address.startswith("/"):
            host, port = address.rsplit(":", 1)
            connection = socket.create_connection((host, int(port)), timeout=settings.CLAMD_TIMEOUT)
        else:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(settings.CLAMD_TIMEOUT)
            connection.connect(address)
        with connection:
            connection.sendall(b"zINSTREAM\0")
            file.seek(0)
            for chunk in file.chunks(64 * 1024):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    finally:
        file.seek(0)
    return reply.rstrip(b"\0").decode(errors="replace")


def clamd_scan(file: UploadedFile) -> None:
    """The scan at upload (CLAMD_MODE "upload"): refuse the file unless clamd says it is clean."""
    try:
        answer = clamd_answer(file)
    except OSError as exc:
        logger.error("clamd at %s could not be reached: %s", settings.CLAMD_SOCKET, exc)
        raise ValidationError(SCAN_UNAVAILABLE, code="scan_unavailable") from exc
    if answer.endswith("FOUND"):
        logger.warning("clamd refused an upload: %s", answer)
        raise ValidationError(VIRUS_FOUND, code="virus")
    if not answer.endswith("OK"):
        logger.error("clamd answered %r", answer)
        raise ValidationError(SCAN_UNAVAILABLE, code="scan_unavailable")


def content_check(file: UploadedFile, content_type: str) -> None:
    """Raise ValidationError if the file's content is not safe to keep."""
    if content_type == "application/pdf":
        pdf_check(file)
    if settings.CLAMD_SOCKET and settings.CLAMD_MODE == "upload":
        clamd_scan(file)

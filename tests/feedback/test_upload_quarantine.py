"""Upload quarantine (issue 12): with CLAMD_SOCKET and CLAMD_MODE "quarantine", an uploaded
file is stored as waiting for its scan and is not served until a Celery task has had clamd
(here a fake clamd this test starts on a Unix socket) find it clean. An infected file is kept
out of reach and the timeline says so; the task is idempotent and retried while clamd is down."""

import socketserver
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from feedback.models import Attachment, CaseEvent, ScanStatus
from feedback.quarantine import attachment_scan, pending_scans_requeue
from feedback.tasks import scan_attachment
from tests.feedback.test_upload_safety import EICAR, FakeClamd

pytestmark = pytest.mark.django_db


@pytest.fixture
def clamd(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(path, FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET = path
    settings.CLAMD_MODE = "quarantine"
    FakeClamd.scanned = []
    yield FakeClamd
    server.shutdown()
    server.server_close()


def _attach(client, case, name: str, content: bytes):
    url = reverse("officer:case_document", args=[case.reference])
    upload = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(url, {"document-file": upload})


def _download(client, case, attachment):
    url = reverse("officer:attachment_download", args=[case.reference, attachment.pk])
    return client.get(url)


def test_a_file_waits_unserved_until_the_scan_finds_it_clean(
    client, clamd, housing_officer, housing_case, django_capture_on_commit_callbacks
):
    client.force_login(housing_officer)
    content = b"A letter about my bins.\n"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _attach(client, housing_case, "letter.txt", content)
    attachment = housing_case.attachments.get()
    # Stored, but in quarantine: no link, no download, nothing scanned yet.
    assert attachment.scan_status == ScanStatus.PENDING
    assert _download(client, housing_case, attachment).status_code == 404
    page = client.get(reverse("officer:case_detail", args=[housing_case.reference]))
    assert "Waiting for a virus scan" in page.text
    assert f"/attachments/{attachment.pk}/" not in page.text
    assert clamd.scanned == []

    for callback in queued:  # the commit hands the scan to the (eager) Celery task
        callback()

    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN
    assert clamd.scanned == [content]
    download = _download(client, housing_case, attachment)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    # Idempotent: a second run does not scan again.
    assert scan_attachment(attachment.pk) == ScanStatus.CLEAN
    assert clamd.scanned == [content]


def test_an_infected_file_is_kept_out_of_reach_and_the_timeline_says_so(
    client, clamd, housing_officer, housing_case, django_capture_on_commit_callbacks, settings
):
    client.force_login(housing_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _attach(client, housing_case, "invoice.txt", EICAR + b"\n")
    attachment = housing_case.attachments.get()
    assert attachment.scan_status == ScanStatus.INFECTED
    assert attachment.scan_result == "Eicar-Test-Signature"
    assert attachment.file.name.startswith("quarantine/")
    assert _download(client, housing_case, attachment).status_code == 404
    event = housing_case.events.get(kind=CaseEvent.Kind.NOTE)
    assert event.summary == "Document withheld: a virus was found in invoice.txt"
    assert "Eicar-Test-Signature" in event.detail
    page = client.get(reverse("officer:case_detail", args=[housing_case.reference]))
    assert "Withheld: a virus was found" in page.text
    # Nothing infected remains where attachments are kept.
    attachments = Path(settings.MEDIA_ROOT) / "attachments"
    stored = [p.read_bytes() for p in attachments.rglob("*") if p.is_file()]
    assert not any(EICAR in content for content in stored)


def test_while_clamd_is_down_the_file_stays_pending_and_the_task_retries(
    client, settings, tmp_path, housing_officer, housing_case, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    settings.CLAMD_MODE = "quarantine"
    client.force_login(housing_officer)
    with django_capture_on_commit_callbacks(execute=False):
        _attach(client, housing_case, "letter.txt", b"hello\n")
    attachment = Attachment.objects.get()
    with pytest.raises(OSError, match="No such file"):
        attachment_scan(attachment_id=attachment.pk)
    assert scan_attachment.autoretry_for == (OSError,)
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.PENDING
    assert _download(client, housing_case, attachment).status_code == 404


def test_the_sweep_queues_again_the_scans_the_broker_lost(
    client, clamd, housing_officer, housing_case, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from feedback import clock

    client.force_login(housing_officer)
    with django_capture_on_commit_callbacks(execute=False):  # the broker "lost" it
        _attach(client, housing_case, "letter.txt", b"hello\n")
    later = clock.now() + timedelta(hours=1)
    assert pending_scans_requeue(older_than=timedelta(minutes=15), now=later) == 1
    assert Attachment.objects.get().scan_status == ScanStatus.CLEAN


def test_without_a_scanner_files_are_served_as_not_scanned(
    client, settings, housing_officer, housing_case
):
    settings.CLAMD_SOCKET = ""
    client.force_login(housing_officer)
    _attach(client, housing_case, "letter.txt", b"hello\n")
    attachment = housing_case.attachments.get()
    assert attachment.scan_status == ScanStatus.NOT_SCANNED
    assert _download(client, housing_case, attachment).status_code == 200

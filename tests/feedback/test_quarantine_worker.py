"""Upload quarantine with a real Celery worker (solo pool) and the fake clamd on a Unix socket:
the file is pending when the request ends, the worker's scan releases a clean one and withholds
an infected one, and the timeline says so."""

import os
import signal
import socketserver
import subprocess
import sys
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.celery import app
from feedback.models import Attachment, ScanStatus
from feedback.services import case_document_attach
from tests.feedback.test_upload_safety import EICAR, FakeClamd
from tests.workers import database_url, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clamd_and_worker(settings, tmp_path):
    socket_path = str(tmp_path / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(socket_path, FakeClamd)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CLAMD_SOCKET = socket_path
    settings.CLAMD_MODE = "quarantine"
    FakeClamd.scanned = []
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CLAMD_SOCKET": socket_path,
        "CLAMD_MODE": "quarantine",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    app.conf.task_always_eager = False
    try:
        yield FakeClamd
    finally:
        app.conf.task_always_eager = True
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        server.shutdown()
        server.server_close()
        print((tmp_path / "worker.log").read_text()[-3000:])


def _status(attachment) -> str:
    return Attachment.objects.get(pk=attachment.pk).scan_status


def test_a_real_worker_releases_the_clean_file_and_withholds_the_infected_one(
    clamd_and_worker, housing_case, housing_officer
):
    clean = case_document_attach(
        case=housing_case,
        upload=SimpleUploadedFile("letter.txt", b"About my bins\n"),
        content_type="text/plain",
        actor=housing_officer,
    )
    infected = case_document_attach(
        case=housing_case,
        upload=SimpleUploadedFile("invoice.txt", EICAR + b"\n"),
        content_type="text/plain",
        actor=housing_officer,
    )
    assert wait_for(lambda: _status(clean) != ScanStatus.PENDING)
    assert wait_for(lambda: _status(infected) != ScanStatus.PENDING)
    assert _status(clean) == ScanStatus.CLEAN
    assert _status(infected) == ScanStatus.INFECTED
    assert housing_case.events.filter(
        summary="Document withheld: a virus was found in invoice.txt"
    ).exists()
    assert len(clamd_and_worker.scanned) == 2

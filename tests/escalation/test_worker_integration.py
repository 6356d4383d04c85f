"""A real Celery worker (solo pool) runs the deadline sweep twice against the configured broker
(the filesystem broker by default, Redis in CI) and the test database: the officer gets one
reminder, and its email is sent once."""

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings

from config.celery import app
from escalation.models import DeadlineNotice
from escalation.selectors import calendar_for
from escalation.tasks import deadline_sweep
from feedback import clock
from feedback.models import Case, Notification
from tests.workers import STARTUP_AND_TASK_SECONDS, database_url, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        yield process
    finally:
        app.conf.task_always_eager = True
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])


def test_a_real_worker_sends_each_reminder_exactly_once(
    complaint_create, complaints_officer, housing_officer, worker
):
    from escalation.services import case_transition

    case = complaint_create()
    case_transition(case=case, name="triage_complaint", user=complaints_officer)
    # Due on the next working day, so the worker (on the real clock) is inside the window.
    due = calendar_for(case.organisation).add_working_days(clock.today(), 1)
    Case.objects.filter(pk=case.pk).update(assigned_to=housing_officer, respond_by=due)

    first = deadline_sweep.delay().get(timeout=STARTUP_AND_TASK_SECONDS)
    second = deadline_sweep.delay().get(timeout=STARTUP_AND_TASK_SECONDS)

    assert first["reminders"] == 1
    assert second["reminders"] == 0
    notice = DeadlineNotice.objects.get(case=case, kind=DeadlineNotice.Kind.REMINDER)
    email = Notification.objects.filter(key=f"deadline-notice:{notice.pk}")
    assert email.count() == 1
    # The worker also sends the queued email (outbox task), once.
    assert wait_for(lambda: email.get().status == Notification.Status.SENT)
    assert email.get().attempts == 1
    assert worker.poll() is None, "the worker died"

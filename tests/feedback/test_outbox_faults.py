"""The outbox under faults (issue 13), through real parts: our own redis-server that the test
stops and starts, real Celery workers on the test database, a mail server on loopback.

* The broker is down when someone sends the form: they see the confirmation page (which does
  not claim an email was sent), the case and its pending email are stored; once the broker is
  back and a worker runs, the outbox sweep sends the email exactly once.
* A worker is SIGKILLed while the mail server has not yet accepted the message: the email is
  neither lost nor sent twice.
* A hung mail server: EMAIL_TIMEOUT ends the attempt, and no row lock is held meanwhile."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from feedback.models import Case, Notification
from feedback.notifications import notification_send
from tests.factories import CaseFactory
from tests.fakesmtp import FakeSmtpServer
from tests.feedback.public_helpers import COMPLAINT, soup_of
from tests.workers import app_broker_use, tasks_finished, wait_for

ADDRESS = "ann.lee@example.com"


@pytest.fixture
def smtp():
    with FakeSmtpServer() as server:
        yield server


def worker_env(smtp, tmp_path, **extra) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "INTAKE_MAIL_DIR": str(tmp_path / "intake"),
        "NOTIFICATION_SWEEP_SECONDS": "1",
        "NOTIFICATION_SWEEP_GRACE_SECONDS": "0",
        **extra,
    }


def confirmation_text(client) -> str:
    return soup_of(client.get(reverse("public:confirmation"))).get_text(" ", strip=True)


def acknowledgement(case: Case) -> Notification:
    return Notification.objects.get(key=f"ack-email:{case.reference}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_form_succeeds_and_the_email_goes_once_it_is_back(
    client, public_form, smtp, redis_server, workers, tmp_path, caplog
):
    app_broker_use(redis_server.url)  # not started yet: nothing listens on that port
    public_form.fill(COMPLAINT)
    started = time.monotonic()
    response = public_form.send()
    seconds = time.monotonic() - started

    assert response.status_code == 302
    assert response["Location"] == reverse("public:confirmation")
    case = Case.objects.get()
    assert acknowledgement(case).status == Notification.Status.PENDING
    text = confirmation_text(client)
    assert case.reference in text
    assert f"We will send a confirmation email to {ADDRESS}" in text
    assert "We have sent" not in text
    assert seconds < 15, f"the broker being down held the request {seconds:.1f} s"
    assert "not handed to the broker" in caplog.text

    redis_server.start()
    workers.start(broker_url=redis_server.url, beat=True, **worker_env(smtp, tmp_path))
    assert wait_for(lambda: acknowledgement(case).status == Notification.Status.SENT)
    finished = tasks_finished()
    assert wait_for(lambda: tasks_finished() >= finished + 3)  # sweeps: none may send it again
    (email,) = smtp.accepted_to(ADDRESS)
    assert case.reference in email["Subject"]
    assert acknowledgement(case).attempts == 1
    assert f"We have sent a confirmation email to {ADDRESS}" in confirmation_text(client)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_neither_loses_nor_doubles_the_email(
    client, public_form, smtp, redis_server, workers, tmp_path
):
    redis_server.start()
    app_broker_use(redis_server.url)
    # The lease is short so the test need not wait long; the first worker's mail timeout is
    # long, so it is still waiting for the mail server when it is killed.
    lease = timedelta(seconds=4)
    env = worker_env(
        smtp, tmp_path, NOTIFICATION_LEASE_SECONDS=str(lease.seconds), EMAIL_TIMEOUT="60"
    )
    smtp.hold()
    first = workers.start(broker_url=redis_server.url, **env)
    public_form.fill(COMPLAINT)
    assert public_form.send().status_code == 302
    case = Case.objects.get()

    assert smtp.held.wait(120), "the worker never reached the mail server"
    sending = acknowledgement(case)
    assert (sending.status, sending.attempts) == (Notification.Status.SENDING, 1)
    workers.kill(first)
    assert wait_for(lambda: smtp.abandoned == 1, timeout=10)
    assert smtp.accepted == []
    smtp.release()

    workers.start(broker_url=redis_server.url, beat=True, **env)
    assert wait_for(lambda: acknowledgement(case).status == Notification.Status.SENT)
    lease_over = timezone.now() + lease  # the second attempt's lease has ended by then
    assert wait_for(lambda: tasks_finished(since=lease_over) >= 2)  # sweeps after it
    assert len(smtp.accepted_to(ADDRESS)) == 1
    assert acknowledgement(case).attempts == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_server_times_out_and_holds_no_lock_meanwhile(settings, smtp, organisation):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.port, 2
    case = CaseFactory(organisation=organisation)
    email = Notification.objects.create(
        organisation=organisation, case=case, key="hung", to=ADDRESS, subject="S", body="B"
    )
    smtp.hold()
    raised: list[BaseException] = []

    def send() -> None:
        try:
            notification_send(notification_id=email.pk)
        except Exception as exc:
            raised.append(exc)
        finally:
            connection.close()

    sender = threading.Thread(target=send)
    sender.start()
    assert smtp.held.wait(10)
    with transaction.atomic():  # NOWAIT: raises at once if the sender held the row
        Notification.objects.select_for_update(nowait=True).get(pk=email.pk)
    sender.join(30)
    assert not sender.is_alive()
    assert len(raised) == 1, raised
    email.refresh_from_db()
    assert (email.status, email.lease_until, email.attempts) == (
        Notification.Status.PENDING,
        None,
        1,
    )
    assert "timed out" in email.last_error
    assert smtp.accepted == []

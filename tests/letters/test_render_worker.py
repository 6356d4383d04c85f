"""What a real Celery worker spends on each render besides the render (issue 14): it keeps its
database connection from one task to the next (Celery's Django fixup closed it before and after
every task, so each letter paid for a new PostgreSQL backend), and it stores no task result for
a render (nothing reads it: the letter's row says what happened)."""

import pytest
from django.conf import settings
from django.db import connection
from django_celery_results.models import TaskResult

from letters import services
from letters.models import Letter, LetterKind
from letters.tasks import render_sweep
from tests.workers import app_broker_use, wait_for

from .conftest import letter_bytes, pdf_flat_text


def _database_now():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def _other_backends_started() -> list:
    """When each other connection to this test database began (the worker's, here)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_start FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _rendered(letter_id: int, generation: int) -> bool:
    letter = Letter.objects.get(pk=letter_id)
    return letter.rendered_generation == generation and letter.render_state == "ready"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_its_connection_between_renders_and_stores_no_result(
    stage1_case, officer_with_phone, redis_server, workers, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's pg_stat_activity")
    redis_server.start()
    app_broker_use(redis_server.url)
    workers.start(
        broker_url=redis_server.url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        INTAKE_MAIL_DIR=str(tmp_path / "intake"),
    )
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    assert services.letter_preview_request(letter_id=letter.pk, user=officer_with_phone) == []
    assert wait_for(lambda: _rendered(letter.pk, 1))

    second_asked = _database_now()
    assert services.letter_preview_request(letter_id=letter.pk, user=officer_with_phone) == []
    assert wait_for(lambda: _rendered(letter.pk, 2))
    # The solo worker runs one task at a time: once this task's result is stored, both
    # renders have finished, results and all.
    sweep = render_sweep.delay()
    assert wait_for(lambda: TaskResult.objects.filter(task_id=sweep.id).exists())

    # The second render and the sweep ran on the connection opened before the second request.
    assert any(started < second_asked for started in _other_backends_started())
    # The table was empty at the start (a transactional test): only the sweep's result is in.
    assert list(TaskResult.objects.values_list("task_id", flat=True)) == [sweep.id]
    letter.refresh_from_db()
    assert stage1_case.reference in pdf_flat_text(letter_bytes(letter))

"""tests.workers: pointing this process's Celery app at a test's own Redis leaves it whole."""

from celery import shared_task

from config.celery import app
from tests.workers import app_broker_use


def test_a_task_first_imported_after_the_broker_changed_is_still_registered(redis_server):
    # The app is finalised before the broker changes, as once any test has published.
    app.finalize()
    redis_server.start()
    app_broker_use(redis_server.url)

    @shared_task(name="tests.test_workers.late_task")
    def late_task() -> int:
        return 1

    assert "tests.test_workers.late_task" in app.tasks
    assert app.connection_for_write().as_uri().endswith(f":{redis_server.port}/0")

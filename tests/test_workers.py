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


def test_the_app_pointed_back_at_its_broker_publishes_there_again(redis_server):
    old_url = app.conf.broker_write_url
    with app.pool.acquire(block=True) as connection:  # the pool in use before, as a test leaves it
        connection.ensure_connection(max_retries=1)
    redis_server.start()
    app_broker_use(redis_server.url)
    app_broker_use(old_url)

    with app.pool.acquire(block=True) as connection:  # raised "Acquire on closed pool"
        assert connection.as_uri() == app.connection_for_write().as_uri()

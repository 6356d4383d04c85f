import os

from celery import Celery
from celery.exceptions import WorkerShutdown
from celery.signals import task_postrun, task_prerun, worker_shutting_down
from kombu.transport import TRANSPORT_ALIASES

# A filesystem:// broker (the embedded default) goes through the transport that writes each
# message whole (config.broker_filesystem). Registered by scheme, not as the broker_transport
# setting, so a redis:// URL given at run time (tests.workers.app_broker_use) still gets Redis.
TRANSPORT_ALIASES["filesystem"] = "config.broker_filesystem:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("council_feedback")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_shutting_down.connect
def stop_at_once_when_idle(how: str, exitcode: int, **kwargs) -> None:
    """A warm shutdown (SIGTERM, or Ctrl+C under `make run`) only sets a flag that the worker's
    loop reads between polls of the broker: two of them, up to 3 s each on the filesystem
    broker. An idle worker has nothing to finish, so it stops now (this runs in the signal
    handler; WorkerShutdown takes Celery's own shutdown path). A worker running a task still
    finishes it first. Off unless CELERY_WORKER_STOP_WHEN_IDLE is set (Procfile.dev)."""
    from celery.worker import state
    from django.conf import settings

    if how == "Warm" and settings.CELERY_WORKER_STOP_WHEN_IDLE and not state.active_requests:
        raise WorkerShutdown(exitcode)


@task_prerun.connect
@task_postrun.connect
def database_connections_tidy(sender=None, **kwargs) -> None:
    """Between tasks, what Django does between requests: close a connection past CONN_MAX_AGE,
    broken, or left with autocommit off; keep a good one. Celery's fixup would close it every
    time were CELERY_DB_REUSE_MAX unset (settings). Not for an eager task: it runs inside its
    caller, whose connection and transaction are not ours to close."""
    from django.db import close_old_connections

    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    close_old_connections()

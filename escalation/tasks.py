"""Thin, idempotent tasks. acks_late: a worker that dies mid-sweep leaves the message to be
redelivered, and the sweep's unique notices make the re-run harmless."""

from celery import shared_task

from . import sweep


@shared_task(acks_late=True)
def deadline_sweep() -> dict:
    return sweep.sweep_run().as_dict()


@shared_task(acks_late=True)
def deadline_digest() -> int:
    return sweep.digest_send()

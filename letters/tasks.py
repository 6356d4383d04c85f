"""Thin tasks: ids in, a service call out. Safe to run twice (see letters.services)."""

from celery import shared_task

from . import render_queue, services


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=5, max_retries=5)
def render_letter(letter_id: int, generation: int) -> bool:
    return services.letter_render(letter_id=letter_id, generation=generation)


@shared_task
def render_sweep() -> int:
    """Queue again the renders the broker lost (letters.render_queue)."""
    return render_queue.render_sweep()

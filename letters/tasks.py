"""Thin tasks: ids in, a service call out. Safe to run twice (see letters.services)."""

from celery import shared_task

from . import render_queue, services


# ignore_result: nothing reads a render's return value (the letter's row says what happened),
# and storing it cost every letter a write to django-celery-results' table.
@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=5,
    max_retries=5,
    ignore_result=True,
)
def render_letter(letter_id: int, generation: int) -> bool:
    return services.letter_render(letter_id=letter_id, generation=generation)


@shared_task
def render_sweep() -> int:
    """Queue again the renders the broker lost (letters.render_queue)."""
    return render_queue.render_sweep()

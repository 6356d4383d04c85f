"""Renders go through the database first, like the email outbox (feedback.notifications): the
preview request is committed with a new `render_generation`, then handed to the broker after
commit. A broker that is down at that moment loses nothing: the request is logged and the render
sweep (`render_sweep`, every LETTER_RENDER_SWEEP_SECONDS) queues again every draft whose newest
render is still missing after LETTER_RENDER_SWEEP_GRACE_SECONDS. A render queued twice is
harmless: `letters.services.letter_render` stores a PDF only for the newest generation and
skips one already rendered."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from feedback import clock

from .models import Letter

logger = logging.getLogger(__name__)


def render_publish(*, letter_id: int, generation: int) -> bool:
    """Hand one render to the broker; a broker that cannot be reached is logged, not raised."""
    from .tasks import render_letter

    try:
        render_letter.delay(letter_id, generation)
    except Exception as exc:  # kombu raises many kinds (OperationalError, OSError, ...)
        logger.warning(
            "Render of letter %s not handed to the broker (%s): the render sweep will queue it",
            letter_id,
            exc,
        )
        return False
    return True


def renders_due(*, now: datetime) -> list[tuple[int, int]]:
    """(letter, generation) of drafts whose newest render asked for before the grace period
    has neither a PDF nor an error yet. Oldest first."""
    grace = now - timedelta(seconds=settings.LETTER_RENDER_SWEEP_GRACE_SECONDS)
    return list(
        Letter.objects.filter(
            status=Letter.Status.DRAFT,
            render_generation__gt=F("rendered_generation"),
            render_error="",
            render_requested_at__lte=grace,
        )
        .order_by("render_requested_at", "pk")
        .values_list("pk", "render_generation")
    )


def render_sweep(*, now: datetime | None = None) -> int:
    """Queue again the renders the broker lost; each waits another grace period before the next
    sweep queues it again (a long queue is not flooded with copies)."""
    now = now or clock.now()
    due = renders_due(now=now)
    for letter_id, generation in due:
        Letter.objects.filter(pk=letter_id, render_generation=generation).update(
            render_requested_at=now
        )
        render_publish(letter_id=letter_id, generation=generation)
    return len(due)

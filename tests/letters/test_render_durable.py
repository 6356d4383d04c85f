"""A preview's render survives a broker that is down when it is asked for (issue 14): the
request is committed, the publish fails and is logged, and once the broker is back the render
sweep (letters.render_queue) queues it again for a real Celery worker, which renders it."""

from datetime import timedelta

import pytest
from django.conf import settings

from feedback import clock
from letters import services
from letters.models import Letter, LetterKind
from letters.render_queue import renders_due
from tests.workers import app_broker_use, wait_for

from .conftest import letter_bytes, pdf_flat_text


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_preview_is_rendered_once_it_is_back(
    stage1_case, officer_with_phone, redis_server, workers, tmp_path, caplog
):
    app_broker_use(redis_server.url)  # not started yet: nothing listens on that port
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    assert services.letter_preview_request(letter_id=letter.pk, user=officer_with_phone) == []
    assert "not handed to the broker" in caplog.text
    letter.refresh_from_db()
    assert letter.render_state == "pending"
    assert not letter.pdf

    redis_server.start()
    workers.start(
        broker_url=redis_server.url,
        beat=True,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        INTAKE_MAIL_DIR=str(tmp_path / "intake"),
        LETTER_RENDER_SWEEP_SECONDS="1",
        LETTER_RENDER_SWEEP_GRACE_SECONDS="0",
    )
    assert wait_for(lambda: Letter.objects.get(pk=letter.pk).render_state == "ready")
    letter.refresh_from_db()
    assert letter.rendered_generation == letter.render_generation == 1
    assert stage1_case.reference in pdf_flat_text(letter_bytes(letter))


@pytest.mark.django_db
def test_the_sweep_takes_only_renders_still_missing_after_the_grace(
    stage1_case, officer_with_phone, render
):
    grace = timedelta(seconds=settings.LETTER_RENDER_SWEEP_GRACE_SECONDS)
    now = clock.now()
    lost = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    fresh, failed = (Letter.objects.get(pk=lost.pk) for _ in range(2))
    for copy in (fresh, failed):
        copy.pk = None
        copy.save()
    Letter.objects.filter(pk=lost.pk).update(
        render_generation=2, rendered_generation=1, render_requested_at=now - grace
    )
    Letter.objects.filter(pk=fresh.pk).update(render_generation=1, render_requested_at=now)
    Letter.objects.filter(pk=failed.pk).update(
        render_generation=1, render_requested_at=now - grace, render_error="No font"
    )
    assert renders_due(now=now) == [(lost.pk, 2)]
    rendered = render(lost, officer_with_phone)
    assert rendered.render_state == "ready"
    # Rendered: no longer due; the fresh request becomes due once its grace has passed.
    assert renders_due(now=now + grace) == [(fresh.pk, 1)]

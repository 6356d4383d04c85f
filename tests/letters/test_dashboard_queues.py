"""The letters' queues on the officer's dashboard: drafted but not sent, failed to deliver."""

from datetime import date

import pytest
from django.urls import reverse

from feedback.models import Notification
from feedback.notifications import MAX_ATTEMPTS, notification_send
from letters import services
from letters.models import LetterDelivery, LetterKind

pytestmark = pytest.mark.django_db


def _queues(client):
    board = client.get(reverse("officer:dashboard")).context["dashboard"]
    return board.queue("letters_draft"), board.queue("letters_failed")


def test_a_draft_waits_in_the_queue_until_it_is_sent(
    client, stage1_case, officer_with_phone, planning_officer, render, send
):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    client.force_login(officer_with_phone)
    drafts, failed = _queues(client)
    assert drafts.count == 1
    assert [row.reference for row in drafts.rows] == [stage1_case.reference]
    assert drafts.rows[0].url == reverse("letters:detail", args=[letter.pk])
    assert failed.count == 0

    client.force_login(planning_officer)  # not their service: not their queue
    assert _queues(client)[0].count == 0

    client.force_login(officer_with_phone)
    send(render(letter, officer_with_phone), officer_with_phone)
    assert _queues(client)[0].count == 0


def test_an_email_that_failed_for_good_is_listed(
    client, settings, stage1_case, officer_with_phone, render, django_capture_on_commit_callbacks
):
    letter = render(
        services.letter_draft_create(
            case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
        ),
        officer_with_phone,
    )
    settings.EMAIL_BACKEND = "tests.letters.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_send(
            letter_id=letter.pk, user=officer_with_phone, method="email", sha256=letter.sha256
        )
    notification = LetterDelivery.objects.get(letter=letter).notification
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(ConnectionError):
            notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    client.force_login(officer_with_phone)
    _drafts, failed = _queues(client)
    assert failed.count == 1
    assert failed.rows[0].reference == stage1_case.reference
    assert failed.rows[0].day == date(2026, 11, 23)
    assert failed.url == reverse("letters:failed")

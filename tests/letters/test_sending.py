"""Sending: the exact previewed bytes, once; re-sending the same bytes; post batches."""

import hashlib
import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from feedback.models import CaseEvent, Notification
from feedback.notifications import MAX_ATTEMPTS, notification_send
from letters import selectors, services
from letters.models import Letter, LetterDelivery, LetterKind
from letters.tasks import render_letter

from .conftest import TODAY, letter_bytes, pdf_flat_text


@pytest.fixture
def ack(stage1_case, officer_with_phone, render):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    return render(letter, officer_with_phone)


def test_sending_twice_makes_one_letter_and_one_email(ack, officer_with_phone, send):
    first = send(ack, officer_with_phone)
    second = send(ack, officer_with_phone)  # double click, or the request retried
    assert first.pk == second.pk
    assert Letter.objects.filter(case=ack.case, status=Letter.Status.SENT).count() == 1
    assert LetterDelivery.objects.filter(letter=ack).count() == 1
    assert Notification.objects.filter(key__startswith=f"letter:{ack.pk}:").count() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada.okafor@example.com"]
    name, content, mimetype = email.attachments[0]
    assert mimetype == "application/pdf"
    assert name == f"{ack.case.reference}-acknowledgement.pdf"
    assert content == letter_bytes(ack)
    assert hashlib.sha256(content).hexdigest() == second.sha256
    assert (
        CaseEvent.objects.filter(case=ack.case, summary="Acknowledgement sent by email").count()
        == 1
    )


def test_the_render_task_run_twice_stores_one_preview(ack):
    before = (ack.sha256, ack.pdf.name)
    assert render_letter(ack.pk, ack.render_generation) is False
    ack.refresh_from_db()
    assert (ack.sha256, ack.pdf.name) == before


def test_a_render_for_an_older_request_is_dropped(ack, django_capture_on_commit_callbacks):
    old_generation = ack.render_generation
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_preview_request(letter_id=ack.pk, user=None)
    assert render_letter(ack.pk, old_generation) is False
    assert render_letter(ack.pk, old_generation + 1) is True


def test_the_sent_bytes_are_the_previewed_bytes_and_never_change(ack, send):
    previewed = letter_bytes(ack)
    sent = send(ack)
    assert letter_bytes(sent) == previewed
    assert sent.sha256 == hashlib.sha256(previewed).hexdigest()
    with pytest.raises(services.LetterError):
        services.letter_draft_update(
            letter_id=sent.pk, subject="Changed", body="Changed", large_print=False, user=None
        )
    with pytest.raises(services.LetterError):
        services.letter_preview_request(letter_id=sent.pk, user=None)


def test_a_changed_draft_cannot_be_sent_with_the_old_preview(ack):
    old_sha = ack.sha256
    services.letter_draft_update(
        letter_id=ack.pk,
        subject=ack.subject,
        body=ack.body + "\n\nOne more thing.",
        large_print=False,
        user=None,
    )
    with pytest.raises(services.LetterError, match="preview has changed"):
        services.letter_send(letter_id=ack.pk, user=None, method="email", sha256=old_sha)
    assert not Letter.objects.get(pk=ack.pk).is_sent


def test_a_preview_from_yesterday_must_be_made_again(ack):
    with (
        time_machine.travel(TODAY + timedelta(days=1), tick=False),
        pytest.raises(services.LetterError, match="Preview it again"),
    ):
        services.letter_send(letter_id=ack.pk, user=None, method="email", sha256=ack.sha256)


def test_resending_sends_the_same_bytes_once_per_click(
    ack, send, django_capture_on_commit_callbacks
):
    sent = send(ack)
    for _ in range(2):  # the second is a double click: it saw 1 delivery, there are now 2
        with django_capture_on_commit_callbacks(execute=True):
            services.letter_resend(letter_id=sent.pk, user=None, method="email", deliveries_seen=1)
    assert LetterDelivery.objects.filter(letter=sent).count() == 2
    assert len(mail.outbox) == 2
    assert (
        mail.outbox[0].attachments[0][1] == mail.outbox[1].attachments[0][1] == letter_bytes(sent)
    )


def test_editing_after_sending_makes_a_new_letter(ack, send, render):
    sent = send(ack)
    draft = services.letter_redraft(letter_id=sent.pk, user=None)
    assert draft.pk != sent.pk
    assert draft.replaces_id == sent.pk
    assert not draft.is_sent
    assert services.letter_redraft(letter_id=sent.pk, user=None).pk == draft.pk
    services.letter_draft_update(
        letter_id=draft.pk,
        subject=draft.subject,
        body="Dear Mrs Okafor,\n\nA correction.",
        large_print=False,
        user=None,
    )
    draft.refresh_from_db()
    render(draft)
    sent.refresh_from_db()
    assert "A correction." not in pdf_flat_text(letter_bytes(sent))
    assert hashlib.sha256(letter_bytes(sent)).hexdigest() == sent.sha256


def test_email_failures_are_retried_then_shown_as_failed(
    ack, settings, complaints_officer, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.letters.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_send(letter_id=ack.pk, user=None, method="email", sha256=ack.sha256)
    delivery = LetterDelivery.objects.get(letter=ack)
    # The outbox's task retries with back-off; here each attempt is run by hand.
    with pytest.raises(ConnectionError):
        notification_send(notification_id=delivery.notification_id)
    delivery.notification.refresh_from_db()
    assert delivery.notification.status == Notification.Status.PENDING
    assert list(selectors.deliveries_failing(user=complaints_officer)) == [delivery]
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(ConnectionError):
            notification_send(notification_id=delivery.notification_id)
    delivery.notification.refresh_from_db()
    assert delivery.notification.status == Notification.Status.FAILED
    assert "refused the connection" in delivery.notification.last_error
    assert list(selectors.deliveries_failing_for_case(case=ack.case)) == [delivery]


def test_print_batch_merges_the_days_postal_letters(
    stage1_case, make_case, officer_with_phone, render, send, organisation
):
    letters = []
    for case in (stage1_case, make_case(state="stage1")):
        letter = services.letter_draft_create(
            case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
        )
        letters.append(send(render(letter), method=Letter.Delivery.POST))
    emailed = services.letter_draft_create(
        case=make_case(state="stage1"), kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    send(render(emailed), method=Letter.Delivery.EMAIL)

    batches = list(selectors.print_batches(organisation=organisation))
    assert batches == [{"on_date": date(2026, 11, 23), "letters": 2}]
    merged = selectors.print_batch_pdf(organisation=organisation, day=date(2026, 11, 23))
    reader = PdfReader(io.BytesIO(merged))
    expected_pages = sum(letter.pages + letter.pages % 2 for letter in letters)
    assert len(reader.pages) == expected_pages
    text = "\n".join(page.extract_text() for page in reader.pages)
    for letter in letters:
        assert letter.case.reference in text
    assert emailed.case.reference not in text
    assert selectors.print_batch_pdf(organisation=organisation, day=date(2026, 11, 24)) is None
    assert len(mail.outbox) == 1


def test_the_sent_letters_timeline_entry_names_no_hash(ack, officer_with_phone, send, client):
    """The entry is public (the customer reads it on the progress page): plain words, never a
    SHA-256, which stays on the letter."""

    sent = send(ack, officer_with_phone)
    entry = CaseEvent.objects.get(case=ack.case, summary="Acknowledgement sent by email")
    assert sent.sha256 not in entry.detail
    assert not re.search(r"[0-9a-f]{64}", entry.detail)
    assert "SHA" not in entry.detail
    assert entry.detail == f"{sent.pages} page{'s' if sent.pages != 1 else ''}."


def _stage1_response(stage1_case, officer_with_phone, render) -> Letter:
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=letter.body.split("[")[0],
        large_print=False,
        user=officer_with_phone,
    )
    return render(letter)


def test_every_email_response_carries_the_survey_link(
    stage1_case, ack, officer_with_phone, render, send
):
    """Seed 001: every email response carries the link to the council's survey; an
    acknowledgement answers nothing yet, so it does not."""
    from surveys.models import SurveyInvitation
    from surveys.tokens import survey_invitation_id

    send(ack, officer_with_phone)
    assert "/survey/" not in mail.outbox[-1].body
    send(_stage1_response(stage1_case, officer_with_phone, render), officer_with_phone)
    body = mail.outbox[-1].body
    link = re.search(r"http\S+/survey/(\S+)/", body)
    assert link, body
    invitation = SurveyInvitation.objects.get(case=stage1_case)
    assert invitation.stage == 1
    assert survey_invitation_id(link.group(1), max_age=None) == invitation.pk
    assert body.index("/survey/") < body.index(stage1_case.organisation.name + "\n")


def test_a_response_sent_by_post_has_the_paper_survey_after_it_in_the_batch(
    stage1_case, officer_with_phone, render, send, organisation
):
    letter = send(
        _stage1_response(stage1_case, officer_with_phone, render),
        officer_with_phone,
        method=Letter.Delivery.POST,
    )
    merged = selectors.print_batch_pdf(organisation=organisation, day=date(2026, 11, 23))
    reader = PdfReader(io.BytesIO(merged))
    # The letter on its own sheets, then the one-page survey and its blank back.
    assert len(reader.pages) == letter.pages + letter.pages % 2 + 2
    survey = reader.pages[letter.pages + letter.pages % 2].extract_text()
    assert "How did we do?" in survey
    assert f"Our reference: {stage1_case.reference} (Stage 1)" in survey
    assert "Please return this form to" in survey

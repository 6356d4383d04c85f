"""Letters and the lifecycle: a sent response is recorded; an extension drafts a holding letter."""

from datetime import date

from django.urls import reverse

from escalation.models import CaseStage, StagePolicy
from escalation.responses import stage_deadline_extend
from letters import services
from letters.models import Letter, LetterKind

from .conftest import letter_bytes, pdf_flat_text


def test_sending_the_stage_1_response_moves_the_case_to_responded(
    client, stage1_case, officer_with_phone, render, django_capture_on_commit_callbacks
):
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
    letter = render(letter)
    client.force_login(officer_with_phone)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[letter.pk]), {"method": "post", "sha256": letter.sha256}
        )
    stage1_case.refresh_from_db()
    assert stage1_case.state == "stage1_responded"
    stage = CaseStage.objects.get(case=stage1_case, stage=1)
    # The letter's "ask by" date is the lifecycle's own escalation window.
    assert stage.escalation_until == date(2026, 12, 21)
    assert "Please ask by 21 December 2026" in pdf_flat_text(letter_bytes(letter))


def test_a_colleague_without_the_respond_permission_is_told_and_the_letter_stays_sent(
    stage1_case, officer_with_phone, committee_member, render, send
):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    services.letter_draft_update(
        letter_id=letter.pk,
        subject="Our answer",
        body="Dear Mrs Okafor,",
        large_print=False,
        user=None,
    )
    sent = send(render(letter))
    problem = services.letter_respond_transition(letter=sent, user=committee_member)
    assert problem
    assert Letter.objects.get(pk=sent.pk).is_sent
    stage1_case.refresh_from_db()
    assert stage1_case.state == "stage1"


def test_extending_the_deadline_drafts_and_previews_a_holding_letter(
    stage1_case, officer_with_phone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stage_deadline_extend(
            case=stage1_case,
            user=officer_with_phone,
            new_due=date(2026, 12, 8),
            reason="We are waiting for the roofer's report.",
        )
    letter = Letter.objects.get(case=stage1_case, kind=LetterKind.HOLDING)
    assert letter.render_state == "ready"
    text = pdf_flat_text(letter_bytes(letter))
    assert "We will now send you our full response by 8 December 2026" in text
    assert "We are waiting for the roofer's report." in text
    assert "Housing Ombudsman Service" in text
    assert "0300 111 3000" in text


def test_the_letter_prints_the_stage2_date_the_lifecycle_enforces_over_a_bank_holiday(
    client, stage1_case, officer_with_phone, render, django_capture_on_commit_callbacks
):
    # A 32-calendar-day window from Monday 23 November 2026 ends on Christmas Day; the
    # customer may ask until the next working day, Tuesday 29 December (Boxing Day moves to
    # Monday 28th).
    stage = CaseStage.objects.get(case=stage1_case, stage=1)
    StagePolicy.objects.filter(pk=stage.policy_id).update(
        escalation_window_days=32, escalation_window_unit="calendar"
    )
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
    letter = render(letter)
    client.force_login(officer_with_phone)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[letter.pk]), {"method": "post", "sha256": letter.sha256}
        )
    stage.refresh_from_db()
    assert stage.escalation_until == date(2026, 12, 29)
    assert "Please ask by 29 December 2026" in pdf_flat_text(letter_bytes(letter))

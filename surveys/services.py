"""Writes of the surveys wing: invitations, the emails that carry them, answers and erasure.

Idempotent by database state: one invitation per case and stage (a unique constraint, taken
with get_or_create), and each email has an outbox key (`survey:<occasion>:<case>:<stage>`), so
a hook or a job that runs twice queues one email."""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from feedback import clock
from feedback.models import Case, CaseEvent, FeedbackKind, Organisation
from feedback.notifications import notification_queue
from feedback.services import event_record
from feedback.states import CaseState

from .models import SurveyInvitation, SurveySettings
from .tokens import survey_token

RESPONDED = {CaseState.STAGE1_RESPONDED: 1, CaseState.STAGE2_RESPONDED: 2}


def survey_settings(organisation: Organisation) -> SurveySettings:
    found = SurveySettings.objects.filter(organisation=organisation).first()
    return found or SurveySettings(organisation=organisation)


def link_lifetime(organisation: Organisation) -> timedelta:
    return timedelta(days=survey_settings(organisation).link_valid_days)


def is_surveyed(case: Case) -> bool:
    """Complaints and comments are surveyed; a compliment asks nothing of us."""
    return case.kind != FeedbackKind.COMPLIMENT


def survey_invitation(*, case: Case, stage: int, now: datetime) -> SurveyInvitation:
    """The one invitation for `stage` of `case`, made the first time it is offered."""
    invitation, _ = SurveyInvitation.objects.get_or_create(
        case=case,
        stage=stage,
        defaults={"organisation_id": case.organisation_id, "sent_at": now},
    )
    return invitation


def survey_link(invitation: SurveyInvitation) -> str:
    return settings.SITE_URL + reverse("surveys:answer", args=[survey_token(invitation.pk)])


def survey_email_queue(*, case: Case, stage: int, occasion: str, now: datetime) -> bool:
    """Email the survey about `stage` of `case` once for this occasion ("closed" or
    "response"). False when the customer gave no email address (they get the paper form with
    their letter) or the case is not surveyed."""
    if not is_surveyed(case) or not case.reply_address:
        return False
    invitation = survey_invitation(case=case, stage=stage, now=now)
    if invitation.is_answered:
        return False
    body = render_to_string(
        "surveys/email/invitation.txt",
        {
            "case": case,
            "customer": case.customer,
            "organisation": case.organisation,
            "link": survey_link(invitation),
            "valid_days": survey_settings(case.organisation).link_valid_days,
            "occasion": occasion,
        },
    )
    notification_queue(
        organisation=case.organisation,
        key=f"survey:{occasion}:{case.pk}:{stage}",
        to=case.reply_address,
        subject=f"How did we do? {case.reference}",
        body=body,
        case=case,
    )
    return True


def surveys_on_transition(*, case: Case, now: datetime) -> None:
    """Registered on `escalation.hooks.case_transitioned`: a closed case's customer is asked
    about the last stage it reached; with the council's `after_each_response`, about each
    formal response as well."""
    if not is_surveyed(case):
        return
    if case.state == CaseState.CLOSED:
        survey_email_queue(case=case, stage=case.formal_stage, occasion="closed", now=now)
    elif case.state in RESPONDED and not case.reply_address:
        # No email address: the response letter goes by post with the paper survey enclosed
        # (`survey_postal_enclosure`), so the customer has been asked about this stage.
        survey_invitation(case=case, stage=RESPONDED[case.state], now=now)
    elif case.state in RESPONDED and survey_settings(case.organisation).after_each_response:
        survey_email_queue(case=case, stage=RESPONDED[case.state], occasion="response", now=now)


def survey_postal_enclosure(*, case: Case, stage: int | None) -> bytes | None:
    """Registered on `escalation.hooks.postal_enclosures`: the one-page paper survey printed
    after a response letter sent by post."""
    if not is_surveyed(case):
        return None
    from .paper import survey_paper_pdf

    return survey_paper_pdf(case=case, stage=stage or case.formal_stage)


def survey_email_extras(*, case: Case, stage: int, now: datetime) -> str:
    """Registered on `escalation.hooks.customer_email_extras`: every email that carries a
    letter to the customer carries the survey link (seed 001)."""
    if not is_surveyed(case):
        return ""
    invitation = survey_invitation(case=case, stage=stage, now=now)
    return (
        "Tell us how we did: our short survey takes two minutes and helps us improve. "
        f"{survey_link(invitation)}"
    )


ANSWER_FIELDS = ("outcome", "handling", "ease_of_contact", "time_taken", "comment")


@transaction.atomic
def survey_answer(
    *, invitation_id: int, answers: dict, now: datetime | None = None, on_paper: bool = False
) -> tuple[SurveyInvitation, bool]:
    """Record the answers; returns (invitation, whether this call recorded them). A second
    submission (a double click, the back button, a paper form after the email) changes
    nothing: the row is locked and only an unanswered invitation takes answers."""
    now = now or clock.now()
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.is_answered:
        return invitation, False
    for name in ANSWER_FIELDS:
        setattr(invitation, name, answers.get(name, "" if name == "comment" else None))
    invitation.comment = (invitation.comment or "").strip()
    invitation.answered_at = now
    invitation.on_paper = on_paper
    invitation.save()
    return invitation, True


def survey_comments_erase(*, case: Case, now: datetime) -> int:
    """Registered on `feedback.hooks.personal_data_erase`: the free-text comments go; the
    scores stay as statistics (they say nothing about who gave them)."""
    return (
        SurveyInvitation.objects.filter(case=case)
        .exclude(comment="")
        .update(comment="", comment_erased_at=now)
    )


def surveys_for_subject_access(*, case: Case) -> list[tuple[str, bytes]]:
    """Registered on `feedback.hooks.subject_access_files`: the customer's own survey answers
    (with their comments) are theirs to see."""
    from .forms import QUESTIONS

    def words(name: str, score: int | None) -> str | None:
        return None if score is None else dict(QUESTIONS[name][1]).get(score)

    rows = [
        {
            "stage": invitation.stage,
            "sent_at": invitation.sent_at.isoformat(),
            "answered_at": invitation.answered_at.isoformat() if invitation.answered_at else None,
            **{name: words(name, getattr(invitation, name)) for name in QUESTIONS},
            "comment": invitation.comment,
        }
        for invitation in SurveyInvitation.objects.filter(case=case).order_by("stage")
    ]
    if not rows:
        return []
    return [("satisfaction-surveys.json", json.dumps(rows, indent=2).encode())]


# Whoever may log contacts on a case may type in the paper survey the customer posted back.
PAPER_ANSWER_PERMISSIONS = ("feedback.view_case", "feedback.log_contact")


def survey_paper_answer_record(
    *, case: Case, stage: int, answers: dict, officer, now: datetime | None = None
) -> bool:
    """An officer types in a paper survey the customer posted back. One answer per case and
    stage: returns False (nothing changed) when that stage was already answered. The timeline
    says who typed it in and when, never what was answered (answers are statistics)."""
    now = now or clock.now()
    with transaction.atomic():
        invitation = survey_invitation(case=case, stage=stage, now=now)
        _, recorded = survey_answer(
            invitation_id=invitation.pk, answers=answers, now=now, on_paper=True
        )
        if recorded:
            event_record(
                case=case,
                kind=CaseEvent.Kind.CUSTOMER,
                summary=f"Paper satisfaction survey typed in ({_stage_words(stage)})",
                actor=officer,
                at=now,
            )
    return recorded


def _stage_words(stage: int) -> str:
    return f"stage {stage}" if stage else "before a formal stage"

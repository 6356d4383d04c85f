"""The demo's satisfaction surveys: closing a demo case already invited its customer (the
lifecycle's hook, by email); customers who wrote by post get the paper form, and some of them
return it. About two in five answer, more satisfied when their complaint was upheld, with a
few comments, so the committee report shows satisfaction by service and channel."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from escalation.models import CaseStage, Outcome
from feedback import clock
from feedback.models import Case, Organisation
from feedback.states import CaseState
from surveys.models import Score, SurveyInvitation
from surveys.services import survey_answer, survey_invitation, survey_paper_answer_record

ANSWER_RATE = 0.42
PAPER_ANSWER_RATE = 0.3
COMMENTS = [
    "The officer kept me informed and explained the decision clearly.",
    "It took longer than I expected to hear back.",
    "I was passed between departments before anyone took ownership.",
    "Thank you for sorting this out.",
    "I still do not agree with the outcome, but I understand the reasons.",
    "The online form was easy to use.",
]
# Weights over Score 1..5 and "prefer not to say", by what the customer was told.
HAPPY = [38, 34, 12, 8, 5, 3]
MIXED = [15, 30, 22, 17, 12, 4]
UNHAPPY = [5, 12, 20, 28, 32, 3]
SCORES = [Score.BEST, Score.GOOD, Score.NEITHER, Score.POOR, Score.WORST, Score.PREFER_NOT]


def _weights(outcome: str) -> list[int]:
    if outcome == Outcome.UPHELD:
        return HAPPY
    if outcome == Outcome.NOT_UPHELD:
        return UNHAPPY
    return MIXED


def _score(rng: random.Random, weights: list[int]) -> int:
    return rng.choices(SCORES, weights=weights)[0]


def paper_invitations_make(*, organisation: Organisation) -> int:
    """Closed cases from customers who wrote by post had the paper form in their letter."""
    made = 0
    for case in Case.objects.filter(
        organisation=organisation,
        state=CaseState.CLOSED,
        channel__slug="letter",
        survey_invitations__isnull=True,
    ).exclude(kind="compliment"):
        survey_invitation(case=case, stage=case.formal_stage, now=case.closed_at or clock.now())
        made += 1
    return made


def load(*, organisation: Organisation, rng: random.Random) -> int:
    paper_invitations_make(organisation=organisation)
    now = clock.now()
    outcomes = dict(
        CaseStage.objects.filter(case__organisation=organisation).values_list("case_id", "outcome")
    )
    clerk = get_user_model().objects.filter(username="sarah").first()
    answered = 0
    invitations = SurveyInvitation.objects.filter(
        organisation=organisation, answered_at__isnull=True
    ).select_related("case__channel")
    for invitation in invitations.order_by("pk"):
        on_paper = invitation.case.channel.slug == "letter"
        if rng.random() >= (PAPER_ANSWER_RATE if on_paper else ANSWER_RATE):
            continue
        when = min(invitation.sent_at + timedelta(days=rng.randint(1, 12)), now)
        weights = _weights(outcomes.get(invitation.case_id, ""))
        answers = {
            "outcome": _score(rng, weights),
            "handling": _score(rng, weights),
            "ease_of_contact": _score(rng, HAPPY),
            "time_taken": _score(rng, MIXED),
            "comment": rng.choice(COMMENTS) if rng.random() < 0.3 else "",
        }
        if on_paper:
            # Typed in by the complaints team, as the officer page does (a timeline entry).
            survey_paper_answer_record(
                case=invitation.case,
                stage=invitation.stage,
                answers=answers,
                officer=clerk,
                now=when,
            )
        else:
            survey_answer(invitation_id=invitation.pk, answers=answers, now=when)
        answered += 1
    return answered

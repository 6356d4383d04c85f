import random

import pytest

from feedback import clock
from surveys.models import SurveyInvitation
from surveys.services import survey_invitation

pytestmark = pytest.mark.django_db


def test_the_demo_answers_a_spread_of_surveys_and_never_twice(organisation, dataset):
    from devtools.demo import surveys as demo

    # Email invitations, as closing the demo's cases makes them.
    for case in dataset.values():
        if case.kind != "compliment":
            survey_invitation(case=case, stage=case.formal_stage, now=clock.now())
    total = SurveyInvitation.objects.count()
    answered = demo.load(organisation=organisation, rng=random.Random(3))
    assert 0 < answered < total
    scores = set(
        SurveyInvitation.objects.filter(answered_at__isnull=False).values_list("outcome", flat=True)
    )
    assert len(scores) >= 3  # a spread, not one answer for everybody
    before = list(SurveyInvitation.objects.filter(answered_at__isnull=False).values())
    demo.load(organisation=organisation, rng=random.Random(4))
    for row in before:  # answers already given never change
        assert SurveyInvitation.objects.filter(**row).exists()

"""The one home of the Ombudsman's "overdue": ombudsman.querysets."""

from datetime import date

import pytest

from ombudsman.models import OmbudsmanCase, RecommendedRemedy
from tests.factories.ombudsman import OmbudsmanCaseFactory, RecommendedRemedyFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)


def test_a_case_is_overdue_the_day_after_its_next_deadline(organisation, lgsco, housing):
    def make(next_due):
        return OmbudsmanCaseFactory(
            organisation=organisation, body=lgsco, service=housing, next_due=next_due
        )

    late = make(date(2026, 4, 14))
    make(TODAY)  # due today: not overdue
    make(None)  # nothing running
    assert list(OmbudsmanCase.objects.overdue(TODAY)) == [late]
    flagged = OmbudsmanCase.objects.with_deadline_flags(TODAY).filter(is_overdue=True)
    assert list(flagged) == [late]


def test_a_remedy_is_overdue_only_while_not_complied_with(organisation, lgsco, housing):
    ombudsman_case = OmbudsmanCaseFactory(organisation=organisation, body=lgsco, service=housing)
    late = RecommendedRemedyFactory(ombudsman_case=ombudsman_case, due_on=date(2026, 4, 14))
    RecommendedRemedyFactory(ombudsman_case=ombudsman_case, due_on=TODAY)
    RecommendedRemedyFactory(
        ombudsman_case=ombudsman_case, due_on=date(2026, 4, 1), complied_on=date(2026, 4, 2)
    )
    assert list(RecommendedRemedy.objects.overdue(TODAY)) == [late]
    flags = RecommendedRemedy.objects.with_deadline_flags(TODAY).values_list(
        "is_overdue", flat=True
    )
    assert sorted(flags) == [False, False, True]

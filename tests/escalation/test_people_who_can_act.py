"""Lists of people offer only people who can act: a committee member (statistics only) is never
an action owner, a remedy owner or an assignee."""

import pytest

from escalation.forms import officers_of
from feedback.selectors import officers_who_can_act

pytestmark = pytest.mark.django_db


def test_a_committee_member_owns_no_action(
    housing_case, committee_member, housing_officer, complaints_manager
):
    owners = set(officers_of(housing_case))
    assert committee_member not in owners
    assert {housing_officer, complaints_manager} <= owners


def test_the_ombudsman_forms_offer_only_officers_who_can_act(
    organisation, committee_member, complaints_officer
):
    from ombudsman.forms import _officers

    offered = set(_officers(organisation))
    assert committee_member not in offered
    assert complaints_officer in offered
    assert offered == set(officers_who_can_act(organisation=organisation))

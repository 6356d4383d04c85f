from datetime import timedelta

import pytest

from escalation.services import case_transition
from tests.escalation.conftest import at, complaint_create, letter_sent  # noqa: F401 - fixtures
from tests.escalation.helpers import advance

RECEIVED = at(2025, 3, 3)


@pytest.fixture
def closed_complaint(
    complaint_create,  # noqa: F811
    letter_sent,  # noqa: F811
    complaints_manager,
    housing_officer,
):
    """A complaint answered at Stage 1 and closed once the customer's time to escalate passed,
    all through the lifecycle's services (so the surveys hook runs as it does for real)."""

    def make(*, email: bool = True):
        case = complaint_create(received_at=RECEIVED, email=email)
        advance(
            case,
            "stage1_responded",
            officer=complaints_manager,
            investigator=housing_officer,
            reviewer=complaints_manager,
            letter_sent=letter_sent,
            now=RECEIVED + timedelta(days=7),
        )
        case_transition(
            case=case,
            name="close",
            user=complaints_manager,
            reason="Nothing more is due",
            now=RECEIVED + timedelta(days=90),
        )
        return case

    return make

"""The public timescales (escalation.promises) follow the Stage 1 policy in force."""

from datetime import timedelta

import pytest

from escalation.promises import DEFAULT, promise_at
from escalation.services import policy_update
from feedback import clock
from tests.feedback.public_helpers import soup_of

pytestmark = pytest.mark.django_db


def _start_page_text(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return soup_of(response).get_text(" ", strip=True)


def test_the_start_page_shows_the_policy_in_force_after_a_change(
    client, organisation, complaints_manager
):
    assert "send a full response within 15 working days of receiving it" in _start_page_text(client)
    policy_update(
        organisation=organisation,
        stage=1,
        user=complaints_manager,
        values={"respond_days": 10, "clock_starts": "acknowledgement"},
        now=clock.now(),
    )
    text = _start_page_text(client)
    assert "send a full response within 10 working days of acknowledging it" in text
    assert "15 working days" not in text


def test_a_policy_not_yet_in_force_is_not_promised(organisation, complaints_manager):
    now = clock.now()
    policy_update(
        organisation=organisation,
        stage=1,
        user=complaints_manager,
        values={"respond_days": 1, "acknowledge_days_electronic": 2},
        now=now + timedelta(days=1),
    )
    today = promise_at(organisation=organisation, at=now)
    assert (today.acknowledge, today.respond) == ("1 working day", "15 working days")
    tomorrow = promise_at(organisation=organisation, at=now + timedelta(days=2))
    assert (tomorrow.acknowledge, tomorrow.respond) == ("2 working days", "1 working day")


def test_no_council_gets_the_default():
    assert promise_at(organisation=None, at=clock.now()) == DEFAULT

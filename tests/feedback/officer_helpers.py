"""Fixtures shared by the officer page tests (imported by each test module, so they do not
collide with other apps' conftest files).

The clock is pinned to Tuesday 10 March 2026, 10:00 in London: "today" is the 10th and the
next 3 working days end on Friday the 13th.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import CaseFactory, CustomerFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 10)


@pytest.fixture
def pinned_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_case(organisation, housing, web_form):
    """A case in Housing by default; any field can be overridden."""

    def make(**fields):
        fields.setdefault("organisation", organisation)
        fields.setdefault("service", housing)
        fields.setdefault("channel", web_form)
        fields.setdefault("received_at", NOW - timedelta(days=2))
        if "customer" not in fields:
            fields["customer"] = CustomerFactory(organisation=organisation)
        return CaseFactory(**fields)

    return make


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user

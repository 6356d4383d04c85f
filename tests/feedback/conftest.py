import pytest

# Officer page fixtures live in officer_helpers (constants there too); registered here.
from tests.feedback.officer_helpers import (  # noqa: F401
    login,
    make_case,
    pinned_clock,
)
from tests.feedback.public_helpers import PublicForm


@pytest.fixture
def no_timetrap(settings):
    """Tests go through the form faster than any person could; the time-trap has its own."""
    settings.SPAM_MIN_SECONDS = 0


@pytest.fixture
def public_form(client, housing, no_timetrap):
    return PublicForm(client, housing)

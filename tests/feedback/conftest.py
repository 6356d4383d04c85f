# Officer page fixtures live in officer_helpers (constants there too); registered here.
from tests.feedback.officer_helpers import (  # noqa: F401
    _fast_passwords,
    login,
    make_case,
    pinned_clock,
)

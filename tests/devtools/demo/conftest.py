"""The apps' own demo modules are tested with the fixtures of those apps' tests."""

from tests.letters.conftest import customer, make_case, officer_with_phone  # noqa: F401
from tests.ombudsman.conftest import complaint_at  # noqa: F401
from tests.reporting.conftest import dataset  # noqa: F401

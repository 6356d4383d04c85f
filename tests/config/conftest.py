# The public form's fixtures, for the request-size tests that upload through it.
from tests.feedback.conftest import no_timetrap, public_form  # noqa: F401

"""The public form as production runs it, with a cache every process shares (Redis): the
visitor's session and the council's row come from it (`SESSION_CACHE_READS`,
`ORGANISATION_CACHE_READS`), and the database stays the record of the answers (issue 14).
The test's memory cache stands in for Redis."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import Case
from feedback.reference import reference_forget
from tests.feedback.public_helpers import COMPLAINT, step_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_cache(settings, public_form):
    settings.SESSION_CACHE_READS = True
    settings.ORGANISATION_CACHE_READS = True
    reference_forget()
    return public_form


def test_question_pages_read_neither_the_council_nor_the_session_from_the_database(
    shared_cache, client
):
    shared_cache.fill(COMPLAINT, stop_before="contact")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(step_url("contact")).status_code == 200
        shared_cache.answer("contact", COMPLAINT["contact"])
        assert client.get(step_url("needs")).status_code == 200
    statements = [q["sql"] for q in captured.captured_queries]
    # The answer's one write; no read of the council or the session.
    assert len(statements) == 1, statements
    assert statements[0].startswith('UPDATE "django_session"')


def test_answers_survive_a_cache_restart_and_a_server_restart_mid_form(shared_cache, client):
    shared_cache.fill(COMPLAINT, stop_before="needs")
    cache.clear()  # Redis restarted: every session's copy and the council's stamp are gone
    reference_forget()  # and the server: its processes keep nothing

    contact = client.get(step_url("contact"))
    assert contact.status_code == 200
    assert 'value="ann.lee@example.com"' in contact.content.decode()
    shared_cache.answer("needs", COMPLAINT["needs"])
    cache.clear()
    reference_forget()
    shared_cache.answer("attachments", {"action": "continue"})
    check = shared_cache.check_page().content.decode()
    for typed in (
        "Bins not collected on Elm Road",
        "Collect the bins and say sorry.",
        "07700 900123",
    ):
        assert typed in check
    assert shared_cache.send().status_code == 302
    case = Case.objects.get()
    assert case.summary == "Bins not collected on Elm Road"
    assert case.customer.email == "ann.lee@example.com"
    assert client.get(reverse("public:confirmation")).status_code == 200

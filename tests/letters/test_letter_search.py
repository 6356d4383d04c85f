"""A letter's text is found by the officer list's search (issue 14): the letters app's trigger
keeps the case's `search_documents` vector, in the same transaction as the letter's change."""

import pytest
from django.db import connection
from django.urls import reverse

from letters import services
from letters.models import Letter, LetterKind

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _found(client, q: str) -> set[str]:
    response = client.get(reverse("officer:case_list"), {"q": q})
    assert response.status_code == 200
    return {case.reference for case in response.context["page"].object_list}


def test_a_word_only_in_a_letter_is_found_and_follows_edits(
    client, stage1_case, make_case, officer_with_phone
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: letters are searched by full text only")
    make_case(reference="CMP-2026-00102", summary="Another case")
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    client.force_login(officer_with_phone)
    assert _found(client, "marmalade") == set()

    services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=letter.body + "\n\nWe have passed your note about the marmalade jars to the team.",
        large_print=False,
        user=officer_with_phone,
    )
    assert _found(client, "marmalade") == {stage1_case.reference}
    assert _found(client, "jar") == {stage1_case.reference}  # stemmed, like the case's own text

    Letter.objects.filter(pk=letter.pk).delete()
    assert _found(client, "marmalade") == set()


def test_rendering_a_preview_leaves_the_case_search_alone(
    stage1_case, officer_with_phone, django_capture_on_commit_callbacks
):
    """Rendering changes no text: its save must not name the subject or body, or the trigger
    rebuilds the case's vector from all its letters' text (500 previews of one case were
    quadratic, and each locked the case's row)."""
    from django.test.utils import CaptureQueriesContext

    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.letter_preview_request(letter_id=letter.pk, user=officer_with_phone)
    letter.refresh_from_db()
    assert letter.render_state == "ready", letter.render_error
    updates = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('UPDATE "letters_letter"')
    ]
    stored = [sql for sql in updates if '"rendered_generation" =' in sql]
    assert stored, updates
    assert all('"subject" =' not in sql and '"body" =' not in sql for sql in stored), stored

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

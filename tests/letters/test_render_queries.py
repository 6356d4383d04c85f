"""Rendering a preview reads the letter and every row of its case the letter's facts need in
one query (issue 14: a worker's render was twelve queries, and more with an officer assigned)."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters import services
from letters.models import Letter, LetterKind


@pytest.mark.django_db
def test_a_render_reads_the_case_its_customer_service_channel_and_officer_in_one_query(
    stage1_case, officer_with_phone
):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    generation = Letter.objects.get(pk=letter.pk).render_generation + 1
    Letter.objects.filter(pk=letter.pk).update(render_generation=generation)
    with CaptureQueriesContext(connection) as captured:
        assert services.letter_render(letter_id=letter.pk, generation=generation)
    tables_read = Counter(
        re.search(r' FROM "(\w+)"', query["sql"]).group(1)
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT")
    )
    # The letter twice: read to render it, then locked to store the PDF. The stage, its remedies
    # and actions, the triage and the closure days are the facts' own reads.
    assert tables_read == {
        "letters_letter": 2,
        "escalation_casestage": 1,
        "escalation_remedy": 1,
        "escalation_outstandingaction": 1,
        "escalation_casetriage": 1,
        "escalation_closureday": 1,
    }
    letter.refresh_from_db()
    assert letter.render_state == "ready"


@pytest.mark.django_db
def test_the_rendered_letter_is_signed_by_the_assigned_officer_read_in_that_one_query(
    stage1_case, officer_with_phone, render
):
    from .conftest import letter_bytes, pdf_flat_text

    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    text = pdf_flat_text(letter_bytes(render(letter, officer_with_phone)))
    assert "Robin Fairweather" in text
    assert "Housing Complaints Officer" in text
    assert "01234 500600" in text
    assert "Ada" in text

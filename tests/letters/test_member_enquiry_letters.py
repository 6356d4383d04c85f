"""A member enquiry is answered to both: the letter goes to the customer and names the
councillor or MP as "cc" (the copy they are sent); other letters name nobody."""

import pytest

from letters import services
from letters.models import LetterKind

from .conftest import letter_bytes, pdf_flat_text

pytestmark = pytest.mark.django_db


def test_a_letter_about_a_member_enquiry_is_copied_to_the_member(make_case, render):
    case = make_case(
        state="received",
        representative_kind="councillor",
        representative_name="Cllr Jane Fairweather",
        representative_area="Riverside ward",
    )
    letter = services.letter_draft_create(case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=None)
    text = pdf_flat_text(letter_bytes(render(letter)))
    assert "cc: Cllr Jane Fairweather, Councillor for Riverside ward" in text
    assert "Dear Mrs" in text  # written to the constituent


def test_a_relatives_case_names_no_copy(make_case, render):
    case = make_case(
        state="received", representative_kind="family", representative_name="Sunita Rao"
    )
    letter = services.letter_draft_create(case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=None)
    assert "cc:" not in pdf_flat_text(letter_bytes(render(letter)))

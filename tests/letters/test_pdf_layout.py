"""What a customer holding the letter sees: every character printable, the address where a
window envelope shows it, the reference on every page, a named signatory, the council named
once, and merge fields that read as sentences. The PDFs are read back by PDFium
and pdfplumber (tests/pdf_layout.py)."""

import re

import pytest

from escalation.models import StagePolicy
from feedback.models import Channel
from letters import services
from letters.models import Letter, LetterKind
from tests.pdf_layout import (
    chars_outside_printable_area,
    footers,
    page_count,
    text_in_box,
    text_touching_box,
)

from .conftest import letter_bytes, pdf_flat_text
from .test_pdf import CASES, letter_for  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

# Both windows (DL: A4 folded in three; C5: A4 folded once) show at least this much, in mm from
# the top left corner of the letter.
WINDOW = dict(left_mm=20, top_mm=50, right_mm=110, bottom_mm=95)
LONG_REASONS = "\n\n".join(
    [
        "We looked at every record of the repair, spoke to the surveyor and the contractor, and "
        "checked the photographs taken on each visit to the property."
    ]
    * 14
)


def _fill_gaps(letter: Letter, *, large_print: bool = False, body: str | None = None) -> None:
    body = re.sub(r"\[[^\]]+\]", "Filled in by the officer.", body or letter.body)
    services.letter_draft_update(
        letter_id=letter.pk, subject=letter.subject, body=body, large_print=large_print, user=None
    )
    letter.refresh_from_db()


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_character_of_every_letter_is_inside_the_printable_area(kind, letter_for):  # noqa: F811
    content = letter_bytes(letter_for(kind))
    assert chars_outside_printable_area(content) == []


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_letter_has_the_reference_in_every_footer_and_prints_whole(
    large_print, stage1_case, officer_with_phone, render
):
    stage = stage1_case.stages.get(stage=1)
    stage.outcome_reasons = LONG_REASONS
    stage.save()
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    _fill_gaps(letter, large_print=large_print)
    rendered = render(letter)
    content = letter_bytes(rendered)
    pages = page_count(content)
    assert pages >= 2
    assert rendered.pages == pages  # counted from the layout, as the PDF read back says
    assert footers(content) == [
        f"Our reference {stage1_case.reference} · Page {n} of {pages}" for n in range(1, pages + 1)
    ]
    assert chars_outside_printable_area(content) == []


@pytest.mark.parametrize("large_print", [False, True])
def test_the_address_and_nothing_else_shows_through_a_window_envelope(
    large_print, stage1_case, officer_with_phone, render
):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    _fill_gaps(letter, large_print=large_print)
    content = letter_bytes(render(letter))
    address = "Mrs Ada Okafor 12 Mill Lane Exampletown EX2 3CC"
    assert text_in_box(content, page=1, **WINDOW) == address
    assert text_touching_box(content, page=1, **WINDOW) == address


def test_the_letter_is_signed_by_a_named_officer_and_names_the_council_once(
    make_case, officer_with_phone, render
):
    # Nobody is assigned yet: the officer who writes the letter signs it.
    case = make_case(state="received", assigned_to=None)
    letter = services.letter_draft_create(
        case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    text = pdf_flat_text(letter_bytes(render(letter)))
    assert text.count("Example District Council") == 1
    assert "Your contact: Robin Fairweather, Housing Complaints Officer" in text
    assert "Yours sincerely Robin Fairweather Housing Complaints Officer" in text


def test_a_letter_nobody_signs_names_the_team_without_repeating_the_council(make_case, render):
    case = make_case(state="received", assigned_to=None)
    letter = services.letter_draft_create(case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=None)
    text = pdf_flat_text(letter_bytes(render(letter)))
    assert text.count("Example District Council") == 1
    assert "Your contact: Customer Feedback Team Telephone" in text


def test_merge_fields_read_as_sentences_before_a_stage_starts(make_case, officer_with_phone):
    case = make_case(state="received", summary="Noise from the water works.")
    letter = services.letter_draft_create(
        case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    assert "about ‘Noise from the water works’." in letter.body
    assert "We are treating this as a complaint under our complaints procedure." in letter.body
    assert "at  of" not in letter.body


def test_merge_fields_name_the_stage_once_there_is_one(stage1_case, officer_with_phone):
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    assert "as a complaint at Stage 1 of our complaints procedure." in letter.body


def test_a_one_day_window_is_one_working_day(stage1_case, officer_with_phone, render):
    StagePolicy.objects.filter(organisation=stage1_case.organisation, stage=1).update(
        escalation_window_days=1, escalation_window_unit="working"
    )
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    _fill_gaps(letter)
    text = pdf_flat_text(letter_bytes(render(letter)))
    assert "that is 1 working day from the date of this letter" in text


def test_a_customer_who_wrote_by_post_is_answered_by_post(
    make_case, organisation, officer_with_phone
):
    post, _ = Channel.objects.get_or_create(
        organisation=organisation, slug="letter", defaults={"name": "Letter"}
    )
    by_post = make_case(state="received")
    by_post.channel = post
    by_post.save()
    by_web = make_case(state="received")
    kind = LetterKind.ACKNOWLEDGEMENT
    assert services.letter_draft_create(case=by_post, kind=kind, user=None).delivery == "post"
    assert services.letter_draft_create(case=by_web, kind=kind, user=None).delivery == "email"

"""The letters as PDFs, read back: what every kind must say, type sizes, tagging, the font."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from escalation.models import CaseTriage, RefusalReason
from feedback.models import FeedbackKind
from letters import services
from letters.models import LetterKind
from letters.rendering import ASSET_ORIGIN, html_to_pdf

from .conftest import letter_bytes, pdf_flat_text, pdf_font_sizes, stage_add, stage_complete

# For each kind: the case it is written for, and the words that tell the customer how to take
# it further (or what happens next) that must be in the PDF.
HOUSING_OMBUDSMAN = ["Housing Ombudsman Service", "0300 111 3000", "PO Box 1484", "Preston"]
CASES = {
    LetterKind.ACKNOWLEDGEMENT: (
        "stage1",
        FeedbackKind.COMPLAINT,
        ["We will send you our full response by 24 November 2026", "at Stage 2"],
    ),
    LetterKind.HOLDING: (
        "stage1",
        FeedbackKind.COMPLAINT,
        [
            "We will now send you our full response by 8 December 2026",
            "Why: We are waiting for a surveyor's report on the roof.",
            "look at your complaint now",
            *HOUSING_OMBUDSMAN,
            "www.housing-ombudsman.org.uk",
        ],
    ),
    LetterKind.STAGE1_RESPONSE: (
        "stage1",
        FeedbackKind.COMPLAINT,
        [
            "Your complaint as we understood it",
            "Your repair request for a leaking roof was not acted on.",
            "Your complaint is upheld.",
            "closed by mistake",
            "£150.00",
            "Repair the roof over the back bedroom – by 4 December 2026",
            "looked at again at Stage 2",
            # 20 working days after Monday 23 November 2026
            "Please ask by 21 December 2026",
        ],
    ),
    LetterKind.STAGE2_RESPONSE: (
        "stage2",
        FeedbackKind.COMPLAINT,
        [
            "Our complaints procedure is now complete",
            "This is our final response",
            "Your complaint is upheld.",
            *HOUSING_OMBUDSMAN,
        ],
    ),
    LetterKind.OMBUDSMAN_SIGNPOST: (
        "stage2_responded",
        FeedbackKind.COMPLAINT,
        ["How to contact the Ombudsman", *HOUSING_OMBUDSMAN],
    ),
    LetterKind.NOT_ACCEPTED: (
        "not_accepted",
        FeedbackKind.COMPLAINT,
        [
            "If you disagree with our decision",
            "This is why: The law gives you a right of appeal",
            *HOUSING_OMBUDSMAN,
        ],
    ),
    LetterKind.FORWARDED: (
        "forwarded",
        FeedbackKind.COMPLAINT,
        [
            "passed your message to Anglian Water, who can help",
            "will reply to you directly",
            "you can make a complaint to us",
        ],
    ),
    LetterKind.COMMENT_ACKNOWLEDGEMENT: (
        "received",
        FeedbackKind.COMMENT,
        ["We have passed your comments to Housing", "treat this as a complaint instead"],
    ),
    LetterKind.COMPLIMENT_THANKS: (
        "received",
        FeedbackKind.COMPLIMENT,
        ["We have passed your kind words on to Housing", "you can make a complaint"],
    ),
    LetterKind.COMPLIMENT_MANAGER_NOTE: (
        "received",
        FeedbackKind.COMPLIMENT,
        ["Please pass this compliment on", "Dear Morgan Lead"],
    ),
}


def test_every_kind_of_letter_is_covered():
    assert set(CASES) == set(LetterKind)


@pytest.fixture
def letter_for(make_case, officer_with_phone, housing, render):
    def make(kind):
        state, case_kind, _ = CASES[kind]
        case = make_case(state=state, kind=case_kind, staff_member_named="Sam Carter")
        if state.startswith("stage"):
            stage1 = stage_complete(stage_add(case, 1), officer_with_phone)
            if kind == LetterKind.HOLDING:
                stage1.response_due = date(2026, 12, 8)
                stage1.extension_reason = "We are waiting for a surveyor's report on the roof."
                stage1.save()
            if state.startswith("stage2"):
                stage_complete(stage_add(case, 2), officer_with_phone)
        if state in ("not_accepted", "forwarded"):  # what triage records with those states
            CaseTriage.objects.create(
                organisation=case.organisation,
                case=case,
                outcome=state,
                refusal_reason=RefusalReason.objects.filter(organisation=case.organisation)
                .order_by("position")
                .first()
                if state == "not_accepted"
                else None,
                forwarded_to="Anglian Water" if state == "forwarded" else "",
                decided_at=case.received_at,
            )
        if kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
            from tests.factories import UserFactory

            housing.manager = UserFactory(first_name="Morgan", last_name="Lead")
            housing.save()
        letter = services.letter_draft_create(case=case, kind=kind, user=officer_with_phone)
        # Fill the gaps the default wording leaves for the officer.
        body = re.sub(r"\[[^\]]+\]", "Filled in by the officer.", letter.body)
        services.letter_draft_update(
            letter_id=letter.pk, subject=letter.subject, body=body, large_print=False, user=None
        )
        letter.refresh_from_db()
        return render(letter)

    return make


@pytest.mark.parametrize("kind", list(LetterKind))
def test_each_letter_carries_reference_contact_and_how_to_take_it_further(kind, letter_for):
    letter = letter_for(kind)
    text = pdf_flat_text(letter_bytes(letter))
    assert letter.case.reference in text
    # Letterhead and return address.
    assert "Example District Council" in text
    assert "Council Offices" in text
    assert "EX1 1AA" in text
    assert "Date: 23 November 2026" in text
    # The named contact: the assigned officer, with telephone and email.
    assert "Robin Fairweather" in text
    assert "01234 500600" in text
    assert "robin.fairweather@example-council.gov.uk" in text
    for phrase in CASES[kind][2]:
        assert phrase in text, phrase
    assert "{{" not in text
    assert "[" not in text


def test_letter_without_an_assigned_officer_names_the_complaints_team(make_case, render):
    case = make_case(state="received", assigned_to=None)
    letter = services.letter_draft_create(case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=None)
    text = pdf_flat_text(letter_bytes(render(letter)))
    assert "Your contact: Customer Feedback Team" in text
    assert "01234 567890" in text
    assert "feedback@example-council.gov.uk" in text


def test_no_text_below_12pt(letter_for):
    letter = letter_for(LetterKind.STAGE1_RESPONSE)
    sizes = pdf_font_sizes(letter_bytes(letter))
    assert sizes
    assert min(sizes) >= 12


def test_large_print_is_chosen_for_a_customer_who_asked_and_is_16pt_or_more(
    stage1_case, officer_with_phone, render
):
    customer = stage1_case.customer
    customer.preferred_format = "large_print"
    customer.save()
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )
    assert letter.large_print is True
    sizes = pdf_font_sizes(letter_bytes(render(letter)))
    assert sizes
    assert min(sizes) >= 16


def test_pdf_is_tagged_with_title_and_language(letter_for):
    letter = letter_for(LetterKind.STAGE1_RESPONSE)
    reader = PdfReader(io.BytesIO(letter_bytes(letter)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == f"Our answer to your complaint – {letter.case.reference}"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_a_sans_serif_font_is_embedded(letter_for):
    reader = PdfReader(io.BytesIO(letter_bytes(letter_for(LetterKind.ACKNOWLEDGEMENT))))
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            embedded.append(
                any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            )
    assert embedded
    assert all(embedded)


def test_the_renderer_loads_nothing_but_its_own_assets():
    html = (
        '<html lang="en-GB"><head><title>x</title>'
        f'<link rel="stylesheet" href="{ASSET_ORIGIN}letter.css"></head>'
        '<body><img src="file:///etc/passwd"></body></html>'
    )
    with pytest.raises(BaseException, match="etc/passwd|Error fetching"):
        html_to_pdf(html)
    remote = html.replace("file:///etc/passwd", "https://example.com/tracker.png")
    with pytest.raises(BaseException, match="example.com|Error fetching"):
        html_to_pdf(remote)

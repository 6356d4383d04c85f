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


def test_the_member_is_emailed_a_copy_of_the_letter_sent_by_post(
    make_case, render, send, officer_with_phone
):
    from feedback.models import Notification
    from letters.models import Letter

    case = make_case(
        state="received",
        representative_kind="mp",
        representative_name="Daniel Okafor MP",
        representative_area="Exampletown and Riverside",
        representative_email="daniel.okafor.mp@example-parliament.uk",
    )
    letter = render(
        services.letter_draft_create(case=case, kind=LetterKind.ACKNOWLEDGEMENT, user=None)
    )
    send(letter, user=officer_with_phone, method=Letter.Delivery.POST)
    copy = Notification.objects.get(to="daniel.okafor.mp@example-parliament.uk")
    assert copy.subject.startswith("Copy: ")
    assert case.reference in copy.subject
    assert copy.body.startswith("Dear Daniel Okafor MP,")
    assert bytes(copy.attachment_content) == letter_bytes(letter)
    # Sent once: a second send of the sent letter queues nothing more.
    send(letter, user=officer_with_phone, method=Letter.Delivery.POST)
    assert Notification.objects.filter(to=copy.to).count() == 1

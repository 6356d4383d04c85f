import random

from devtools.demo import letters as demo
from feedback.models import FeedbackKind
from letters.models import Letter, LetterKind
from tests.factories import CustomerFactory
from tests.letters.conftest import (
    _pinned_day,  # noqa: F401 - the letters tests' fixed day
    letter_bytes,
    pdf_font_sizes,
    stage_add,
    stage_complete,
)


def test_demo_adds_sent_letters_including_large_print(
    make_case, customer, officer_with_phone, organisation
):
    for _ in range(2):
        other = CustomerFactory(organisation=organisation)
        stage_complete(stage_add(make_case(state="stage1", customer=other), 1), officer_with_phone)
    stage_complete(stage_add(make_case(state="stage1"), 1), officer_with_phone)
    customer.preferred_format = "large_print"
    customer.save()
    make_case(state="received", kind=FeedbackKind.COMPLIMENT)

    sent = demo.load(organisation=organisation, rng=random.Random(1))

    kinds = [letter.kind for letter in sent]
    assert kinds.count(LetterKind.STAGE1_RESPONSE) == 3
    assert {letter.delivery for letter in sent} == {"email", "post"}
    assert LetterKind.COMPLIMENT_THANKS in kinds
    assert all(letter.is_sent and letter.sha256 for letter in sent)
    large = [letter for letter in sent if letter.large_print]
    assert large
    assert min(pdf_font_sizes(letter_bytes(large[0]))) >= 16
    assert demo.load(organisation=organisation, rng=random.Random(1)) == []
    assert Letter.objects.filter(status=Letter.Status.SENT).count() == len(sent)


def test_demo_has_a_letter_awaiting_approval_and_one_returned(
    make_case, officer_with_phone, organisation, housing, complaints_manager
):
    from letters.models import ApprovalRule

    for _ in range(3):
        stage_complete(stage_add(make_case(state="stage1"), 1), officer_with_phone)

    letters = demo.approvals_load(organisation=organisation)

    assert list(ApprovalRule.objects.values_list("service", flat=True)) == [housing.pk]
    assert [letter.status for letter in letters] == ["awaiting_approval", "draft"]
    assert letters[1].returned_comments == demo.RETURN_COMMENTS
    assert letters[1].reviewed_by == complaints_manager

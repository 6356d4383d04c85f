"""A response letter cannot be previewed for sending while any required part is missing."""

from datetime import date

from escalation.models import OutstandingAction
from letters import services
from letters.facts import case_facts
from letters.models import LetterKind

from .conftest import stage_add, stage_complete


def test_response_letter_lists_every_missing_part(make_case):
    case = make_case(state="stage1")
    stage_add(case, 1)
    missing = services.response_letter_missing_parts(case=case, stage=1)
    assert missing == [
        "The complaint as the council understood it",
        "The decision (upheld, partly upheld or not upheld)",
        "The reasons for the decision",
    ]


def test_an_upheld_complaint_needs_a_remedy(make_case):
    case = make_case(state="stage1")
    stage_add(
        case,
        1,
        complaint_understood="Late repair",
        outcome="upheld",
        outcome_reasons="It was late.",
    )
    missing = services.response_letter_missing_parts(case=case, stage=1)
    assert missing == ["A remedy: the complaint is upheld, so say how we will put it right"]


def test_a_not_upheld_complaint_needs_no_remedy(make_case):
    case = make_case(state="stage1")
    stage_add(
        case,
        1,
        complaint_understood="Late repair",
        outcome="not_upheld",
        outcome_reasons="On time.",
    )
    assert services.response_letter_missing_parts(case=case, stage=1) == []


def test_stage_2_not_reached(stage1_case):
    assert services.response_letter_missing_parts(case=stage1_case, stage=2) == [
        "The case has not reached Stage 2"
    ]


def test_the_preview_is_refused_while_parts_are_missing(make_case, officer_with_phone):
    case = make_case(state="stage1")
    stage_add(case, 1)
    letter = services.letter_draft_create(
        case=case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    missing = services.letter_preview_request(letter_id=letter.pk, user=officer_with_phone)
    assert "The reasons for the decision" in missing
    # The default wording leaves a gap for the officer too.
    assert any(part.startswith("The gaps in the wording") for part in missing)
    letter.refresh_from_db()
    assert letter.render_generation == 0
    assert letter.render_state == "idle"


def test_a_holding_letter_needs_the_new_date_and_the_reason(make_case, officer_with_phone):
    case = make_case(state="stage1")
    stage = stage_add(case, 1)
    letter = services.letter_draft_create(
        case=case, kind=LetterKind.HOLDING, user=officer_with_phone
    )
    assert services.letter_missing_parts(letter) == [
        "A new response date (extend the deadline first)",
        "The reason for the extension",
    ]
    stage.response_due = date(2026, 12, 8)
    stage.extension_reason = "Waiting for a contractor's report."
    stage.save()
    assert services.letter_missing_parts(letter) == []


def test_a_stage1_action_still_open_is_carried_into_the_stage2_letter(
    make_case, officer_with_phone
):
    """The final letter never says there is nothing more to do while a Stage 1 action is
    open: the Stage 2 facts list it with the Stage 2 actions; a done one is not repeated."""
    case = make_case(state="stage2", reference="CMP-2026-00201")
    first = stage_complete(stage_add(case, 1), officer_with_phone)
    OutstandingAction.objects.create(
        organisation=case.organisation,
        case_stage=first,
        description="Refund the call-out fee",
        owner=officer_with_phone,
        due_date=date(2026, 11, 1),
        completed_at=first.opened_at,
    )
    stage_add(case, 2)
    facts = case_facts(case=case, kind="stage2_response", letter_date=date(2026, 11, 23))
    descriptions = [description for description, _due in facts.stage.actions]
    assert "Repair the roof over the back bedroom" in descriptions
    assert "Refund the call-out fee" not in descriptions

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from feedback.models import CaseEvent
from ombudsman.models import (
    Decision,
    OmbudsmanCase,
    OmbudsmanEvent,
    OmbudsmanState,
    Origin,
    Outcome,
    RemedyKind,
)
from ombudsman.selectors import transitions_available
from ombudsman.services import (
    OmbudsmanError,
    RemedyInput,
    document_record,
    ombudsman_case_open,
    ombudsman_case_transition,
    ombudsman_case_update,
    ombudsman_decision_record,
    remedy_add,
    remedy_compliance_record,
)

from .conftest import at

S = OmbudsmanState


def _step(ombudsman_case, name, user, day, **data):
    return ombudsman_case_transition(
        ombudsman_case=ombudsman_case, name=name, user=user, data=data, now=at(day)
    )


def _reloaded(ombudsman_case):
    return OmbudsmanCase.objects.get(pk=ombudsman_case.pk)


def test_an_enquiry_gets_a_response_deadline_of_20_working_days_skipping_easter(enquiry):
    # 16 March 2026 + 20 working days, without Good Friday (3 April) and Easter Monday (6 April).
    assert enquiry.response_due == date(2026, 4, 15)
    assert enquiry.next_due == date(2026, 4, 15)
    assert enquiry.state == S.ENQUIRY_RECEIVED
    assert enquiry.service.slug == "housing"
    assert enquiry.origin == Origin.AFTER_PROCEDURE
    assert enquiry.complainant_name == enquiry.case.customer.full_name


def test_opening_writes_the_enquiry_on_both_timelines(enquiry, complaints_officer):
    own = OmbudsmanEvent.objects.get(ombudsman_case=enquiry)
    assert own.actor == complaints_officer
    assert "Enquiry received" in own.summary
    on_complaint = CaseEvent.objects.get(case=enquiry.case, kind=CaseEvent.Kind.OMBUDSMAN)
    assert "25 012 345" in on_complaint.summary
    assert on_complaint.actor == complaints_officer


def test_a_standalone_enquiry_needs_a_service_and_keeps_its_own_log_only(
    organisation, lgsco, housing, complaints_officer
):
    with pytest.raises(OmbudsmanError):
        ombudsman_case_open(
            organisation=organisation,
            user=complaints_officer,
            body=lgsco,
            ombudsman_reference="25 000 001",
            enquiry_received_on=date(2026, 3, 16),
            summary="A matter the council never saw",
        )
    standalone = ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="25 000 001",
        enquiry_received_on=date(2026, 3, 16),
        summary="A matter the council never saw",
        service=housing,
        response_due=date(2026, 4, 1),
        now=at(date(2026, 3, 16)),
    )
    assert standalone.case is None
    assert standalone.origin == Origin.NOT_SEEN
    assert standalone.response_due == date(2026, 4, 1)
    assert standalone.events.count() == 1
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.OMBUDSMAN).exists()


def test_the_same_ombudsman_reference_cannot_be_recorded_twice(
    enquiry, organisation, lgsco, housing, complaints_officer
):
    with pytest.raises(OmbudsmanError, match="already recorded"):
        ombudsman_case_open(
            organisation=organisation,
            user=complaints_officer,
            body=lgsco,
            ombudsman_reference="25 012 345",
            enquiry_received_on=date(2026, 3, 17),
            summary="Again",
            service=housing,
        )


def test_the_full_path_to_closed_with_remedies(enquiry, complaints_officer, housing_officer):
    officer = complaints_officer
    _step(enquiry, "send_information", officer, date(2026, 4, 10), documents=["Stage 2 letter"])
    assert enquiry.state == S.INFORMATION_SENT
    assert enquiry.information_sent_on == date(2026, 4, 10)
    assert enquiry.next_due is None
    assert list(enquiry.documents.values_list("description", flat=True)) == ["Stage 2 letter"]

    _step(
        enquiry, "receive_draft_decision", officer, date(2026, 5, 4), received_on=date(2026, 5, 4)
    )
    # 10 working days after Monday 4 May 2026 (no bank holiday until 25 May).
    assert enquiry.comments_due == date(2026, 5, 18)
    assert enquiry.next_due == date(2026, 5, 18)

    _step(enquiry, "send_comments", officer, date(2026, 5, 12))
    assert enquiry.comments_sent_on == date(2026, 5, 12)

    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=officer,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2026, 6, 1),
        summary="Fault causing injustice",
        remedies=[
            RemedyInput(kind=RemedyKind.APOLOGY, description="Apologise", due_on=date(2026, 7, 1)),
            RemedyInput(
                kind=RemedyKind.FINANCIAL,
                description="Pay £250",
                due_on=date(2026, 8, 3),
                amount=Decimal("250.00"),
                owner=housing_officer,
            ),
        ],
        now=at(date(2026, 6, 2)),
    )
    enquiry = _reloaded(enquiry)
    assert enquiry.state == S.FINAL_DECISION
    assert enquiry.outcome == Outcome.INVESTIGATED
    assert enquiry.next_due == date(2026, 7, 1)

    apology, payment = enquiry.remedies.order_by("due_on")
    assert payment.service == enquiry.service
    with pytest.raises(OmbudsmanError, match="Every remedy"):
        _step(enquiry, "confirm_remedies_complied", officer, date(2026, 6, 20))
    with pytest.raises(OmbudsmanError, match="not yet complied"):
        _step(_reloaded(enquiry), "close", officer, date(2026, 6, 20))

    # The service that owns a remedy records its compliance.
    remedy_compliance_record(
        remedy=apology,
        user=housing_officer,
        complied_on=date(2026, 6, 20),
        evidence="Letter of apology sent",
        sent_to_ombudsman_on=date(2026, 6, 22),
        now=at(date(2026, 6, 22)),
    )
    assert _reloaded(enquiry).next_due == date(2026, 8, 3)
    remedy_compliance_record(
        remedy=payment,
        user=housing_officer,
        complied_on=date(2026, 8, 5),
        evidence="BACS payment reference 123",
        now=at(date(2026, 8, 5)),
    )
    payment.refresh_from_db()
    assert payment.amount_paid == Decimal("250.00")
    enquiry = _reloaded(enquiry)
    assert enquiry.next_due is None

    _step(enquiry, "confirm_remedies_complied", officer, date(2026, 8, 6))
    _step(enquiry, "close", officer, date(2026, 8, 7))
    enquiry = _reloaded(enquiry)
    assert enquiry.state == S.CLOSED
    assert enquiry.closed_on == date(2026, 8, 7)

    transitions = list(
        enquiry.events.exclude(to_state="").values_list("from_state", "to_state", "actor")
    )
    assert transitions == [
        ("", S.ENQUIRY_RECEIVED, officer.pk),
        (S.ENQUIRY_RECEIVED, S.INFORMATION_SENT, officer.pk),
        (S.INFORMATION_SENT, S.DRAFT_DECISION, officer.pk),
        (S.DRAFT_DECISION, S.COMMENTS_SENT, officer.pk),
        (S.COMMENTS_SENT, S.FINAL_DECISION, officer.pk),
        (S.FINAL_DECISION, S.REMEDIES_COMPLIED, officer.pk),
        (S.REMEDIES_COMPLIED, S.CLOSED, officer.pk),
    ]
    summaries = list(enquiry.events.values_list("summary", flat=True))
    assert any("Remedy complied with: Apology on 20 June 2026 (on time)" in s for s in summaries)
    assert any("Financial redress on 5 August 2026 (late)" in s for s in summaries)
    # Every entry is on the complaint's timeline too.
    assert enquiry.case.events.filter(kind=CaseEvent.Kind.OMBUDSMAN).count() == len(summaries)


def test_information_cannot_be_sent_without_a_document(enquiry, complaints_officer):
    with pytest.raises(OmbudsmanError, match="at least one document"):
        _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=[])
    assert _reloaded(enquiry).state == S.ENQUIRY_RECEIVED
    # A document recorded beforehand satisfies the condition.
    document_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        description="Case file",
        sent_on=date(2026, 4, 1),
    )
    _step(_reloaded(enquiry), "send_information", complaints_officer, date(2026, 4, 1))
    assert _reloaded(enquiry).state == S.INFORMATION_SENT


def test_a_final_decision_needs_the_decision(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    with pytest.raises(OmbudsmanError, match="Give the decision"):
        _step(enquiry, "record_final_decision", complaints_officer, date(2026, 5, 1))
    assert _reloaded(enquiry).state == S.INFORMATION_SENT


def test_remedies_are_refused_when_the_complaint_is_not_upheld(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    with pytest.raises(OmbudsmanError, match="only when it upholds"):
        ombudsman_decision_record(
            ombudsman_case=enquiry,
            user=complaints_officer,
            decision=Decision.NOT_UPHELD,
            decided_on=date(2026, 5, 1),
            remedies=[RemedyInput(kind="apology", description="x", due_on=date(2026, 6, 1))],
        )
    assert not _reloaded(enquiry).remedies.exists()


def test_not_upheld_closes_straight_after_the_decision(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.NOT_UPHELD,
        decided_on=date(2026, 5, 1),
    )
    with pytest.raises(OmbudsmanError, match="Every remedy"):
        _step(enquiry, "confirm_remedies_complied", complaints_officer, date(2026, 5, 2))
    _step(_reloaded(enquiry), "close", complaints_officer, date(2026, 5, 2))
    assert _reloaded(enquiry).state == S.CLOSED


@pytest.mark.parametrize(
    ("name", "state", "outcome", "decided"),
    [
        (
            "close_after_initial_enquiries",
            S.CLOSED_INITIAL_ENQUIRIES,
            Outcome.INITIAL_ENQUIRIES,
            True,
        ),
        ("close_premature", S.CLOSED_PREMATURE, Outcome.PREMATURE, True),
        ("withdraw", S.WITHDRAWN, Outcome.WITHDRAWN, False),
    ],
)
def test_early_closures_record_how_the_ombudsman_ended_it(
    enquiry, complaints_officer, name, state, outcome, decided
):
    _step(enquiry, name, complaints_officer, date(2026, 3, 30), decided_on=date(2026, 3, 27))
    enquiry = _reloaded(enquiry)
    assert enquiry.state == state
    assert enquiry.outcome == outcome
    assert enquiry.closed_on == date(2026, 3, 27)
    assert enquiry.decided_on == (date(2026, 3, 27) if decided else None)
    assert enquiry.next_due is None


def test_a_decided_case_cannot_be_withdrawn_or_closed_early(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.UPHELD_NO_INJUSTICE,
        decided_on=date(2026, 5, 1),
    )
    for name in ("withdraw", "close_premature", "send_comments"):
        with pytest.raises(OmbudsmanError, match="not possible"):
            _step(_reloaded(enquiry), name, complaints_officer, date(2026, 5, 2))


def test_a_service_officer_cannot_move_the_case_on(enquiry, housing_officer):
    with pytest.raises(PermissionDenied):
        _step(enquiry, "send_information", housing_officer, date(2026, 4, 1), documents=["File"])
    enquiry = _reloaded(enquiry)
    assert enquiry.state == S.ENQUIRY_RECEIVED
    assert not enquiry.documents.exists()
    assert enquiry.events.count() == 1


def test_a_committee_member_can_neither_open_nor_comply(
    enquiry, committee_member, organisation, lgsco, housing
):
    with pytest.raises(PermissionDenied):
        ombudsman_case_open(
            organisation=organisation,
            user=committee_member,
            body=lgsco,
            ombudsman_reference="1",
            enquiry_received_on=date(2026, 3, 1),
            summary="x",
            service=housing,
        )
    with pytest.raises(PermissionDenied):
        _step(enquiry, "withdraw", committee_member, date(2026, 4, 1))


def test_the_buttons_offered_follow_state_and_permission(
    enquiry, complaints_manager, housing_officer
):
    names = [
        name for name, _ in transitions_available(ombudsman_case=enquiry, user=complaints_manager)
    ]
    assert names == [
        "send_information",
        "close_after_initial_enquiries",
        "close_premature",
        "withdraw",
    ]
    assert transitions_available(ombudsman_case=enquiry, user=housing_officer) == []


def test_a_changed_deadline_moves_next_due_and_says_what_changed(enquiry, complaints_officer):
    ombudsman_case_update(
        ombudsman_case=enquiry,
        user=complaints_officer,
        changes={"response_due": date(2026, 4, 29), "investigator_name": "Sam Patel"},
        reason="Ombudsman agreed an extension",
        now=at(date(2026, 4, 1)),
    )
    enquiry = _reloaded(enquiry)
    assert enquiry.next_due == date(2026, 4, 29)
    event = enquiry.events.last()
    assert "Response due: 15 April 2026 → 29 April 2026" in event.detail
    assert "Investigator" not in event.detail  # unchanged values are not listed
    assert "Ombudsman agreed an extension" in event.detail


def test_a_remedy_can_be_added_after_the_decision(enquiry, complaints_officer, housing_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2026, 5, 1),
    )
    remedy = RemedyInput(
        kind=RemedyKind.STAFF_TRAINING, description="Train", due_on=date(2026, 9, 1)
    )
    with pytest.raises(PermissionDenied):
        remedy_add(ombudsman_case=enquiry, user=housing_officer, remedy=remedy)
    remedy_add(ombudsman_case=enquiry, user=complaints_officer, remedy=remedy)
    assert _reloaded(enquiry).next_due == date(2026, 9, 1)


def test_compliance_needs_evidence_and_a_date_not_in_the_future(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2026, 5, 1),
        remedies=[RemedyInput(kind="apology", description="Apologise", due_on=date(2026, 6, 1))],
    )
    remedy = enquiry.remedies.get()
    with pytest.raises(OmbudsmanError, match="evidence"):
        remedy_compliance_record(
            remedy=remedy, user=complaints_officer, complied_on=date(2026, 5, 5), evidence=" "
        )
    with pytest.raises(OmbudsmanError, match="future"):
        remedy_compliance_record(
            remedy=remedy,
            user=complaints_officer,
            complied_on=date(2026, 5, 10),
            evidence="Letter",
            now=at(date(2026, 5, 5)),
        )


def test_the_complaint_goes_to_the_ombudsman_and_closes_when_its_case_ends(
    complaint_after_stage2, organisation, lgsco, complaints_officer
):
    from feedback.states import CaseState

    assert complaint_after_stage2.state == CaseState.STAGE2_RESPONDED
    ombudsman_case = ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="26 100 200",
        enquiry_received_on=date(2026, 11, 2),
        summary="Leaking roof",
        case=complaint_after_stage2,
    )
    complaint_after_stage2.refresh_from_db()
    assert complaint_after_stage2.state == CaseState.OMBUDSMAN
    referred = complaint_after_stage2.events.get(to_state=CaseState.OMBUDSMAN)
    assert referred.actor == complaints_officer
    assert "26 100 200" in referred.detail

    ombudsman_case_transition(
        ombudsman_case=ombudsman_case,
        name="close_after_initial_enquiries",
        user=complaints_officer,
        data={"decided_on": date(2026, 11, 10)},
    )
    complaint_after_stage2.refresh_from_db()
    assert complaint_after_stage2.state == CaseState.CLOSED


def test_a_complaint_seen_only_at_stage1_is_premature_and_stays_where_it_is(
    complaint_at, organisation, lgsco, complaints_officer
):
    complaint = complaint_at("stage1_responded")
    ombudsman_case = ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="26 100 300",
        enquiry_received_on=date(2026, 11, 2),
        summary="Leaking roof",
        case=complaint,
    )
    assert ombudsman_case.origin == Origin.STAGE1_ONLY
    complaint.refresh_from_db()
    assert complaint.state == "stage1_responded"


def test_buttons_wait_for_conditions_the_form_cannot_supply(enquiry, complaints_officer):
    _step(enquiry, "send_information", complaints_officer, date(2026, 4, 1), documents=["File"])
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2026, 5, 1),
        remedies=[RemedyInput(kind="apology", description="Apologise", due_on=date(2026, 6, 1))],
    )
    assert transitions_available(ombudsman_case=enquiry, user=complaints_officer) == []
    remedy_compliance_record(
        remedy=enquiry.remedies.get(),
        user=complaints_officer,
        complied_on=date(2026, 5, 20),
        evidence="Letter",
    )
    names = [n for n, _ in transitions_available(ombudsman_case=enquiry, user=complaints_officer)]
    assert names == ["confirm_remedies_complied", "close"]

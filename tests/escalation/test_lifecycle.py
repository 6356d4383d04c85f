"""Every transition: allowed for the right role and state, refused otherwise with a clear
error, no state change and no timeline entry."""

from datetime import date

import pytest
import time_machine

from escalation.lifecycle import transitions_available
from escalation.models import CaseTriage, RefusalReason, TriageOutcome
from escalation.services import case_transition
from feedback.models import Case, CaseEvent, Notification
from feedback.transitions import (
    TransitionConflict,
    TransitionInvalid,
    TransitionNotAllowed,
    TransitionNotPermitted,
)
from tests.escalation.conftest import at
from tests.escalation.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    complaints_officer,
    housing_officer,
    housing_manager,
    planning_officer,
    committee_member,
    complaints_manager,
):
    return {
        "central": complaints_officer,
        "investigator": housing_officer,
        "reviewer": housing_manager,
        "outsider": planning_officer,
        "councillor": committee_member,
        "manager": complaints_manager,
    }


@pytest.fixture
def complaint_in(complaint_create, people, letter_sent):
    def make(state):
        case = complaint_create(received_at=at(2026, 12, 21))
        return advance(
            case,
            state,
            officer=people["central"],
            investigator=people["investigator"],
            reviewer=people["reviewer"],
            letter_sent=letter_sent,
            now=at(2026, 12, 22),
        )

    return make


def assert_refused(case, name, user, error, data=None, reason="because"):
    before_state = case.state
    before_events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(error) as excinfo:
        case_transition(
            case=case, name=name, user=user, reason=reason, data=data, now=at(2026, 12, 23)
        )
    assert excinfo.value.message
    assert Case.objects.get(pk=case.pk).state == before_state == case.state
    assert CaseEvent.objects.filter(case=case).count() == before_events
    return excinfo.value


# (transition, state it starts from, who may, data, state it ends in)
ALLOWED = [
    ("triage_complaint", "received", "central", None, "stage1"),
    ("triage_resolve_at_first_contact", "received", "central", None, "service_request_resolved"),
    ("triage_service_request", "received", "central", None, "service_request"),
    ("triage_forward", "received", "central", {"forwarded_to": "Environment Agency"}, "forwarded"),
    ("refer_to_ombudsman", "stage2_responded", "manager", None, "ombudsman"),
    ("withdraw", "stage1", "investigator", None, "withdrawn"),
    ("withdraw", "stage2", "central", None, "withdrawn"),
    ("close", "ombudsman", "central", None, "closed"),
]


@pytest.mark.parametrize(("name", "start", "who", "data", "end"), ALLOWED)
def test_the_right_role_moves_the_case_with_a_timeline_entry(
    complaint_in, people, name, start, who, data, end
):
    case = complaint_in(start)
    case_transition(
        case=case, name=name, user=people[who], reason="because", data=data, now=at(2026, 12, 23)
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == end
    event = case.events.filter(kind=CaseEvent.Kind.TRANSITION, is_internal=True).last()
    assert (event.from_state, event.to_state, event.actor, event.detail) == (
        start,
        end,
        people[who],
        "because",
    )
    assert event.at == at(2026, 12, 23)
    # The customer's progress page sees the milestone, never the officer's reason.
    public = case.events.filter(kind=CaseEvent.Kind.TRANSITION, is_internal=False).last()
    assert public.summary == event.summary
    assert public.detail == ""
    assert public.actor is None


REFUSED_ROLE = [
    ("triage_complaint", "received", "investigator"),
    ("triage_complaint", "received", "councillor"),
    ("triage_not_accepted", "received", "reviewer"),
    ("stage1_respond", "stage1", "councillor"),
    ("stage2_escalate", "stage1_responded", "investigator"),
    ("withdraw", "stage1", "councillor"),
    ("stage2_respond", "stage2", "investigator"),
    ("refer_to_ombudsman", "stage2_responded", "investigator"),
    ("close", "stage2_responded", "investigator"),
]


@pytest.mark.parametrize(
    ("name", "start", "who"),
    REFUSED_ROLE,
)
def test_the_wrong_role_is_refused(complaint_in, people, name, start, who):
    case = complaint_in(start)
    assert_refused(case, name, people[who], TransitionNotPermitted)


def test_a_colleague_outside_the_service_cannot_touch_the_case(complaint_in, people):
    case = complaint_in("stage1")
    error = assert_refused(case, "withdraw", people["outsider"], TransitionNotPermitted)
    assert "not allowed" in error.message


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("triage_complaint", "stage1"),
        ("stage1_respond", "received"),
        ("stage2_escalate", "stage1"),
        ("stage2_respond", "stage1_responded"),
        ("refer_to_ombudsman", "stage1"),
        ("close", "stage1"),
        ("withdraw", "ombudsman_closed"),
    ],
)
def test_the_wrong_state_is_refused(complaint_in, people, name, start):
    if start == "ombudsman_closed":
        case = complaint_in("ombudsman")
        case_transition(case=case, name="close", user=people["central"], reason="done")
    else:
        case = complaint_in(start)
    error = assert_refused(case, name, people["manager"], TransitionNotAllowed)
    assert "not possible now" in error.message


def test_not_accepted_needs_a_reason_from_the_list_and_tells_the_customer(complaint_in, people):
    case = complaint_in("received")
    error = assert_refused(case, "triage_not_accepted", people["central"], TransitionInvalid)
    assert "refusal_reason" in error.field_errors
    refusal = RefusalReason.objects.filter(organisation=case.organisation).first()
    case_transition(
        case=case,
        name="triage_not_accepted",
        user=people["central"],
        reason="Planning appeal",
        data={"refusal_reason": refusal.pk},
    )
    triage = CaseTriage.objects.get(case=case)
    assert (triage.outcome, triage.refusal_reason) == (TriageOutcome.NOT_ACCEPTED, refusal)
    email = Notification.objects.get(key=f"not-accepted:{case.reference}")
    assert refusal.explanation_for_customer in email.body
    assert "Housing Ombudsman" in email.body  # Housing is the landlord service


def test_forwarding_needs_the_organisation(complaint_in, people):
    case = complaint_in("received")
    error = assert_refused(case, "triage_forward", people["central"], TransitionInvalid)
    assert "forwarded_to" in error.field_errors


def test_accepting_a_complaint_opens_stage1_with_its_deadlines(complaint_in, people):
    case = complaint_in("stage1")
    stage = case.stages.get()
    assert (stage.stage, stage.acknowledge_due, stage.response_due) == (
        1,
        date(2026, 12, 22),
        date(2027, 1, 14),
    )
    assert stage.acknowledgement_met is True
    assert case.respond_by == date(2027, 1, 14)
    assert Case.objects.get(pk=case.pk).formal_stage == 1  # what the reports count by
    assert Notification.objects.filter(key=f"stage1-accepted:{case.reference}").exists()


def test_stage1_response_needs_the_response_and_the_letter(complaint_in, people, letter_sent):
    from escalation.responses import stage_response_record

    case = complaint_in("stage1")
    error = assert_refused(case, "stage1_respond", people["investigator"], TransitionNotAllowed)
    assert "Record the Stage 1 response" in error.message
    stage_response_record(
        case=case,
        user=people["investigator"],
        complaint_understood="Bins",
        outcome="upheld",
        outcome_reasons="Missed",
    )
    error = assert_refused(case, "stage1_respond", people["investigator"], TransitionNotAllowed)
    assert "letter" in error.message
    assert "stage1_respond" not in {
        t.name for t in transitions_available(case=case, user=people["investigator"])
    }
    letter_sent(case, 1)
    assert "stage1_respond" in {
        t.name for t in transitions_available(case=case, user=people["investigator"])
    }
    with time_machine.travel(at(2027, 1, 13), tick=False):
        case_transition(case=case, name="stage1_respond", user=people["investigator"])
    stage = case.stages.get()
    assert stage.response_met is True
    assert stage.working_days_taken == 14
    assert stage.handler == people["investigator"]
    assert stage.escalation_until == date(2027, 2, 10)


def test_stage2_within_the_window_opens_stage2_with_a_new_deadline(complaint_in, people):
    case = complaint_in("stage1_responded")
    with time_machine.travel(at(2027, 1, 4), tick=False):
        case_transition(
            case=case,
            name="stage2_escalate",
            user=people["central"],
            data={"request_reason": "The bins are still missed"},
        )
    stage2 = case.stages.get(stage=2)
    # 28 calendar days from 4 January 2027: 1 February.
    assert stage2.response_due == case.respond_by == date(2027, 2, 1)
    assert stage2.request_reason == "The bins are still missed"
    assert case.state == "stage2"
    assert Case.objects.get(pk=case.pk).formal_stage == 2
    case_transition(case=case, name="withdraw", user=people["central"], reason="Sorted")
    assert Case.objects.get(pk=case.pk).formal_stage == 2  # never lowered


def test_stage2_outside_the_window_is_refused(complaint_in, people):
    case = complaint_in("stage1_responded")
    until = case.stages.get(stage=1).escalation_until
    with time_machine.travel(at(until.year, until.month, until.day + 1), tick=False):
        before = CaseEvent.objects.filter(case=case).count()
        with pytest.raises(TransitionNotAllowed, match="passed"):
            case_transition(
                case=case,
                name="stage2_escalate",
                user=people["central"],
                data={"request_reason": "Late"},
            )
        assert CaseEvent.objects.filter(case=case).count() == before
    assert Case.objects.get(pk=case.pk).state == "stage1_responded"


def test_the_stage1_handler_cannot_review_stage2(complaint_in, people, letter_sent):
    from escalation.responses import stage_response_record

    case = complaint_in("stage1_responded")
    error = assert_refused(
        case,
        "stage2_escalate",
        people["central"],
        TransitionInvalid,
        data={"request_reason": "x", "handler": people["investigator"].pk},
    )
    assert "handler" in error.field_errors
    # The Stage 1 handler, now also a reviewer, still may not answer Stage 2.
    case_transition(
        case=case, name="stage2_escalate", user=people["central"], data={"request_reason": "x"}
    )
    from django.contrib.auth.models import Permission

    investigator = people["investigator"]
    investigator.user_permissions.add(Permission.objects.get(codename="review_case"))
    investigator = type(investigator).objects.get(pk=investigator.pk)
    stage_response_record(
        case=case,
        user=people["reviewer"],
        complaint_understood="Bins",
        outcome="not_upheld",
        outcome_reasons="Fine",
    )
    letter_sent(case, 2)
    assert_refused(case, "stage2_respond", investigator, TransitionNotPermitted)
    case_transition(case=case, name="stage2_respond", user=people["reviewer"])
    assert case.state == "stage2_responded"


def test_close_after_stage1_waits_for_the_escalation_window(complaint_in, people):
    case = complaint_in("stage1_responded")
    with time_machine.travel(at(2027, 1, 4), tick=False):
        error = assert_refused(case, "close", people["central"], TransitionNotAllowed)
    assert "Stage 2" in error.message


def test_comment_lifecycle(complaint_create, people):
    comment = complaint_create(kind="comment", received_at=at(2026, 12, 21))
    assert {t.name for t in transitions_available(case=comment, user=people["investigator"])} == {
        "acknowledge",
        "pass_to_service",
        "withdraw",
        "triage_forward",
    } - {"triage_forward"}
    case_transition(case=comment, name="acknowledge", user=people["investigator"])
    case_transition(
        case=comment,
        name="pass_to_service",
        user=people["investigator"],
        data={"forwarded_to": "Waste team manager"},
    )
    case_transition(case=comment, name="close", user=people["investigator"], reason="Done")
    assert comment.state == "closed"
    assert comment.closed_at is not None
    with pytest.raises(TransitionNotAllowed):
        case_transition(
            case=complaint_create(kind="comment"), name="triage_complaint", user=people["central"]
        )


def test_available_transitions_depend_on_role(complaint_in, people):
    case = complaint_in("received")
    central = {t.name for t in transitions_available(case=case, user=people["central"])}
    assert central == {
        "triage_complaint",
        "triage_resolve_at_first_contact",
        "triage_service_request",
        "triage_not_accepted",
        "triage_forward",
        "withdraw",
    }
    assert {t.name for t in transitions_available(case=case, user=people["investigator"])} == {
        "withdraw"
    }
    assert transitions_available(case=case, user=people["councillor"]) == []


def test_two_officers_at_once_one_wins_and_the_other_is_told(complaint_in, people):
    case = complaint_in("received")
    mine = Case.objects.get(pk=case.pk)
    theirs = Case.objects.get(pk=case.pk)
    case_transition(
        case=theirs, name="triage_service_request", user=people["central"], reason="Service request"
    )
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(TransitionConflict, match="Someone else changed this case"):
        case_transition(case=mine, name="triage_complaint", user=people["manager"])
    assert Case.objects.get(pk=case.pk).state == "service_request"
    assert not case.stages.exists()
    assert CaseEvent.objects.filter(case=case).count() == events
    assert mine.state == "service_request"  # reloaded for the loser


def test_each_stage_records_the_service_it_was_opened_in(complaint_in, people, planning):
    """A complaint moved from Housing to Planning after its Stage 1 answer keeps Stage 1 in
    Housing (where it was handled); its Stage 2 opens in Planning. The reports count by these."""
    from feedback.services import case_categorise

    case = complaint_in("stage1_responded")
    housing = case.service
    case_categorise(
        case=case,
        category=case.category,
        ground=case.ground,
        service=planning,
        actor=people["central"],
    )
    with time_machine.travel(at(2027, 1, 4), tick=False):
        case_transition(
            case=case,
            name="stage2_escalate",
            user=people["central"],
            data={"request_reason": "The bins are still missed"},
        )
    stages = {s.stage: s for s in case.stages.all()}
    assert (stages[1].service, stages[2].service) == (housing, planning)
    assert stages[1].channel_id == stages[2].channel_id == case.channel_id


def test_the_stage_admin_shows_where_the_stage_was_handled(client, complaint_in, people):
    case = complaint_in("stage1")
    stage = case.stages.get()
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    changelist = client.get(reverse("admin:escalation_casestage_changelist"))
    assert changelist.status_code == 200
    page = client.get(reverse("admin:escalation_casestage_change", args=[stage.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert stage.service.name in text
    assert 'name="service"' not in text  # read-only: recorded when the stage opened

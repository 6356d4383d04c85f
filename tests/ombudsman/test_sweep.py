from datetime import date

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from feedback.models import Notification
from ombudsman.models import Decision, OmbudsmanNotice
from ombudsman.services import (
    RemedyInput,
    ombudsman_case_open,
    ombudsman_case_transition,
    ombudsman_decision_record,
    remedy_compliance_record,
)
from ombudsman.sweep import remedy_deadlines, response_deadlines

from .conftest import at


def _sweep(day):
    """What escalation's sweep does: every listed sweeper, with `now=`."""
    for path in settings.DEADLINE_SWEEPERS:
        if path.startswith("ombudsman."):
            import_string(path)(now=at(day, 7))


def _ombudsman_notifications():
    return Notification.objects.filter(key__startswith="ombudsman-notice:").order_by("pk")


def test_both_sweepers_are_registered_with_the_deadline_sweep():
    assert "ombudsman.sweep.response_deadlines" in settings.DEADLINE_SWEEPERS
    assert "ombudsman.sweep.remedy_deadlines" in settings.DEADLINE_SWEEPERS


def test_response_deadline_reminder_and_overdue_notice_are_each_sent_once(
    enquiry, complaints_officer, mailoutbox, django_capture_on_commit_callbacks
):
    # Response due Wednesday 15 April 2026; reminders start 3 working days before (10 April).
    with django_capture_on_commit_callbacks(execute=True):
        assert response_deadlines(now=at(date(2026, 4, 9), 7)) == 0
        assert response_deadlines(now=at(date(2026, 4, 10), 7)) == 1
        assert response_deadlines(now=at(date(2026, 4, 10), 8)) == 0  # a re-run sends nothing
        assert response_deadlines(now=at(date(2026, 4, 14), 7)) == 0  # nor does the next day
        assert response_deadlines(now=at(date(2026, 4, 15), 7)) == 0  # due today: not overdue
        assert response_deadlines(now=at(date(2026, 4, 16), 7)) == 1
        assert response_deadlines(now=at(date(2026, 4, 17), 7)) == 0

    reminder, overdue = _ombudsman_notifications()
    assert reminder.to == overdue.to == complaints_officer.email
    assert reminder.subject.startswith("Due Wednesday 15 April 2026")
    assert overdue.subject.startswith("Overdue:")
    assert reminder.case == enquiry.case
    assert [n.status for n in (reminder, overdue)] == ["sent", "sent"]
    assert len(mailoutbox) == 2
    assert f"/officer/ombudsman/{enquiry.pk}/" in mailoutbox[0].body
    assert OmbudsmanNotice.objects.count() == 2
    # The timeline says who was told.
    assert enquiry.events.filter(summary__startswith="Deadline approaching notice").count() == 1
    assert enquiry.events.filter(summary__startswith="Overdue notice").count() == 1


def test_no_response_notice_once_the_information_has_gone(enquiry, complaints_officer):
    ombudsman_case_transition(
        ombudsman_case=enquiry,
        name="send_information",
        user=complaints_officer,
        data={"documents": ["File"], "sent_on": date(2026, 4, 9)},
        now=at(date(2026, 4, 9)),
    )
    _sweep(date(2026, 4, 16))
    assert not _ombudsman_notifications().exists()


def test_comments_deadline_on_a_draft_decision_is_reminded(enquiry, complaints_officer):
    for name, data in (
        ("send_information", {"documents": ["File"]}),
        ("receive_draft_decision", {"received_on": date(2026, 5, 4)}),
    ):
        ombudsman_case_transition(
            ombudsman_case=enquiry, name=name, user=complaints_officer, data=data
        )
    _sweep(date(2026, 5, 13))  # comments due 18 May; 3 working days before is 13 May
    _sweep(date(2026, 5, 13))
    (notice,) = OmbudsmanNotice.objects.all()
    assert (notice.kind, notice.subject_key, notice.deadline) == (
        "reminder",
        "comments",
        date(2026, 5, 18),
    )


def test_a_standalone_case_without_an_officer_reminds_the_complaints_team(
    organisation, lgsco, housing, complaints_officer
):
    ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="25 999 000",
        enquiry_received_on=date(2026, 3, 16),
        summary="Never seen by the council",
        service=housing,
    )
    _sweep(date(2026, 4, 16))
    _sweep(date(2026, 4, 16))
    (notification,) = _ombudsman_notifications()
    assert notification.to == organisation.email
    assert notification.case is None


@pytest.fixture
def decided_with_remedies(enquiry, complaints_officer, housing_officer):
    ombudsman_case_transition(
        ombudsman_case=enquiry,
        name="send_information",
        user=complaints_officer,
        data={"documents": ["File"]},
    )
    ombudsman_decision_record(
        ombudsman_case=enquiry,
        user=complaints_officer,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2026, 6, 1),
        remedies=[
            RemedyInput(kind="apology", description="Apologise", due_on=date(2026, 7, 1)),
            RemedyInput(
                kind="staff_training",
                description="Train the repairs team",
                due_on=date(2026, 7, 1),
                owner=housing_officer,
            ),
        ],
        now=at(date(2026, 6, 1)),
    )
    return enquiry


def test_remedy_reminders_and_overdue_notices_go_once_to_each_owner(
    decided_with_remedies, complaints_officer, housing_officer
):
    for day in (date(2026, 6, 25), date(2026, 6, 26), date(2026, 6, 26)):
        _sweep(day)
    # Due Wednesday 1 July; 3 working days before is Friday 26 June.
    reminders = _ombudsman_notifications()
    assert sorted(n.to for n in reminders) == sorted(
        [complaints_officer.email, housing_officer.email]
    )

    apology = decided_with_remedies.remedies.get(kind="apology")
    remedy_compliance_record(
        remedy=apology,
        user=complaints_officer,
        complied_on=date(2026, 6, 30),
        evidence="Apology letter",
        now=at(date(2026, 6, 30)),
    )
    _sweep(date(2026, 7, 2))
    _sweep(date(2026, 7, 2))
    _sweep(date(2026, 7, 3))
    overdue = OmbudsmanNotice.objects.filter(kind="overdue")
    assert overdue.count() == 1
    assert overdue.get().remedy.kind == "staff_training"
    assert overdue.get().recipient_email == housing_officer.email
    assert _ombudsman_notifications().count() == 3


def test_remedy_sweep_alone_counts_what_it_sent(decided_with_remedies):
    assert remedy_deadlines(now=at(date(2026, 7, 2), 7)) == 2
    assert remedy_deadlines(now=at(date(2026, 7, 2), 8)) == 0


def test_a_rerun_does_not_look_at_cases_already_noticed(
    organisation, lgsco, housing, complaints_officer, django_assert_num_queries
):
    from tests.factories.ombudsman import OmbudsmanCaseFactory

    def overdue_cases(n):
        for _ in range(n):
            OmbudsmanCaseFactory(
                organisation=organisation,
                body=lgsco,
                service=housing,
                next_due=date(2026, 4, 1),
                assigned_to=complaints_officer,
            )

    overdue_cases(2)
    assert response_deadlines(now=at(date(2026, 4, 20), 7)) == 2
    # Two Ombudsmen: the bodies, then per body its calendar check and one query of cases.
    with django_assert_num_queries(5):
        assert response_deadlines(now=at(date(2026, 4, 20), 8)) == 0
    overdue_cases(5)
    assert response_deadlines(now=at(date(2026, 4, 20), 9)) == 5
    with django_assert_num_queries(5):
        assert response_deadlines(now=at(date(2026, 4, 20), 10)) == 0

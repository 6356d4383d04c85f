"""The deadline sweep: reminders before a deadline, overdue flags, the service manager told,
outstanding actions followed up; each notice sent once however often it runs."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation.models import DeadlineNotice, OutstandingAction
from escalation.sweep import digest_send, sweep_run
from feedback.models import Case, Notification
from tests.escalation.conftest import at
from tests.escalation.helpers import advance

pytestmark = pytest.mark.django_db

sweeper_calls = []


def fake_sweeper(*, now):
    sweeper_calls.append(now)


@pytest.fixture
def stage1_case(complaint_create, complaints_officer, housing_officer, housing_manager):
    """A Stage 1 complaint received Mon 21 Dec 2026, due Thu 14 Jan 2027, assigned."""
    case = complaint_create(received_at=at(2026, 12, 21))
    Case.objects.filter(pk=case.pk).update(assigned_to=housing_officer)
    case.refresh_from_db()
    from escalation.services import case_transition

    case_transition(
        case=case, name="triage_complaint", user=complaints_officer, now=at(2026, 12, 21)
    )
    assert case.respond_by == date(2027, 1, 14)
    return case


def notices(case, kind):
    return DeadlineNotice.objects.filter(case=case, kind=kind)


def test_no_reminder_before_the_window(stage1_case):
    sweep_run(now=at(2027, 1, 11, 9))  # 3 working days before: the seed policy says 2
    assert not notices(stage1_case, "reminder").exists()


def test_the_officer_is_reminded_once_however_often_the_sweep_runs(stage1_case, housing_officer):
    first = sweep_run(now=at(2027, 1, 12, 9))
    second = sweep_run(now=at(2027, 1, 12, 9, 15))
    third = sweep_run(now=at(2027, 1, 13, 9))
    assert (first.reminders, second.reminders, third.reminders) == (1, 0, 0)
    notice = notices(stage1_case, "reminder").get()
    assert (notice.recipient, notice.deadline) == (housing_officer, date(2027, 1, 14))
    email = Notification.objects.get(key=f"deadline-notice:{notice.pk}")
    assert email.to == housing_officer.email
    assert "14 January 2027" in email.body


def test_an_overdue_case_is_flagged_and_the_service_manager_told_once(stage1_case, housing_manager):
    sweep_run(now=at(2027, 1, 14, 17))
    assert Case.objects.get(pk=stage1_case.pk).overdue_since is None
    report = sweep_run(now=at(2027, 1, 15, 9))
    again = sweep_run(now=at(2027, 1, 18, 9))
    assert (report.overdue, report.manager_notices) == (1, 1)
    assert (again.overdue, again.manager_notices) == (0, 0)
    assert Case.objects.get(pk=stage1_case.pk).overdue_since == date(2027, 1, 15)
    manager_notice = notices(stage1_case, "manager_overdue").get()
    assert manager_notice.recipient == housing_manager
    assert notices(stage1_case, "overdue").count() == 1
    assert stage1_case.events.filter(summary__startswith="Response deadline of").count() == 1


def test_an_extension_clears_the_overdue_flag(stage1_case, housing_officer):
    from escalation.responses import stage_deadline_extend

    sweep_run(now=at(2027, 1, 15, 9))
    stage_deadline_extend(
        case=stage1_case,
        user=housing_officer,
        new_due=date(2027, 1, 20),
        reason="Waiting for the crew's records",
        now=at(2027, 1, 15, 10),
    )
    assert Case.objects.get(pk=stage1_case.pk).overdue_since is None
    sweep_run(now=at(2027, 1, 18, 9))  # 2 working days before the new date
    assert notices(stage1_case, "reminder").filter(deadline=date(2027, 1, 20)).count() == 1


def test_outstanding_actions_are_followed_up_after_the_response(
    complaint_create, complaints_officer, housing_officer, housing_manager, letter_sent
):
    from escalation.responses import ActionInput, stage_response_record
    from escalation.services import case_transition

    case = complaint_create(received_at=at(2026, 12, 21))
    case_transition(
        case=case, name="triage_complaint", user=complaints_officer, now=at(2026, 12, 21)
    )
    stage_response_record(
        case=case,
        user=housing_officer,
        complaint_understood="Bins missed",
        outcome="upheld",
        outcome_reasons="Crew error",
        actions=[ActionInput("Retrain the crew", housing_manager, date(2027, 2, 1))],
        now=at(2027, 1, 5),
    )
    sweep_run(now=at(2027, 2, 1, 9))  # the letter has not gone: no follow-up yet
    assert not notices(case, "action_due").exists()
    letter_sent(case, 1)
    case_transition(case=case, name="stage1_respond", user=housing_officer, now=at(2027, 1, 6))
    sweep_run(now=at(2027, 2, 1, 9))
    sweep_run(now=at(2027, 2, 2, 9))
    notice = notices(case, "action_due").get()
    assert notice.recipient == housing_manager
    OutstandingAction.objects.update(completed_at=at(2027, 2, 3))
    sweep_run(now=at(2027, 2, 4, 9))
    assert notices(case, "action_due").count() == 1


def test_other_apps_sweepers_are_called_with_now(settings, organisation):
    settings.DEADLINE_SWEEPERS = ["tests.escalation.test_sweep.fake_sweeper"]
    sweeper_calls.clear()
    sweep_run(now=at(2027, 1, 4, 9))
    assert sweeper_calls == [at(2027, 1, 4, 9)]


def test_the_sweep_reads_only_cases_in_the_window(complaint_create, stage1_case):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            sweep_run(now=at(2026, 12, 22, 9))
        return len(ctx.captured_queries)

    baseline = count_queries()
    for day in range(1, 10):  # far from their deadlines: the sweep must not touch them
        complaint_create(received_at=at(2026, 12, 21, 9, day))
    assert count_queries() == baseline


def test_the_daily_digest_goes_once_a_day(stage1_case, housing_officer):
    assert digest_send(now=at(2027, 1, 11, 7)) == 1
    digest_send(now=at(2027, 1, 11, 8))
    digests = Notification.objects.filter(key__startswith=f"digest:{housing_officer.pk}:")
    assert digests.count() == 1
    assert stage1_case.reference in digests.get().body
    digest_send(now=at(2027, 1, 12, 7))
    assert digests.count() == 2


def test_a_case_answered_in_time_is_left_alone(
    complaint_create, complaints_officer, housing_officer, housing_manager, letter_sent
):
    case = complaint_create(received_at=at(2026, 12, 21))
    advance(
        case,
        "stage1_responded",
        officer=complaints_officer,
        investigator=housing_officer,
        reviewer=housing_manager,
        letter_sent=letter_sent,
        now=at(2027, 1, 4),
    )
    sweep_run(now=at(2027, 1, 20, 9))
    assert not DeadlineNotice.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).overdue_since is None


def test_an_untriaged_case_reminds_its_officer_of_the_acknowledgement(
    complaint_create, complaints_officer
):
    from feedback.models import Channel

    letter = Channel.objects.get(slug="letter")
    case = complaint_create(received_at=at(2027, 1, 4), channel=letter)
    assert case.acknowledge_by == date(2027, 1, 11)  # written contact: 5 working days
    Case.objects.filter(pk=case.pk).update(assigned_to=complaints_officer)
    sweep_run(now=at(2027, 1, 6, 9))
    assert not notices(case, "reminder").exists()
    sweep_run(now=at(2027, 1, 7, 9))
    sweep_run(now=at(2027, 1, 8, 9))
    notice = notices(case, "reminder").get()
    assert (notice.subject_key, notice.deadline) == ("acknowledgement", date(2027, 1, 11))

"""The policies and the calendar a process keeps (feedback.reference): a form that edits a
policy never changes the kept one, and a closure day added anywhere counts at once."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from escalation.models import ClosureDay
from escalation.selectors import calendar_for, policy_in_force
from feedback import clock
from feedback.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def _fresh(organisation: Organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def test_a_refused_policy_form_leaves_the_policy_in_force_as_it_was(
    client, organisation, complaints_manager
):
    before = policy_in_force(organisation=_fresh(organisation), stage=1, at=clock.now())
    client.force_login(complaints_manager)
    response = client.post(
        reverse("escalation:policy_edit", args=[1]), {"respond_days": "3", "clock_starts": "x"}
    )
    assert response.status_code == 400  # refused: the form wrote to its instance all the same
    after = policy_in_force(organisation=_fresh(organisation), stage=1, at=clock.now())
    assert after.respond_days == before.respond_days == 15


def test_a_closure_day_added_by_another_process_moves_the_next_deadline(organisation):
    monday = date(2027, 3, 1)
    calendar = calendar_for(_fresh(organisation))
    assert calendar.add_working_days(monday, 1) == date(2027, 3, 2)
    with connection.cursor() as cursor:  # another process's save: the row and the version
        cursor.execute(
            "INSERT INTO escalation_closureday (organisation_id, date, reason, updated_at) "
            "VALUES (%s, %s, 'Staff training', CURRENT_TIMESTAMP)",
            [organisation.pk, date(2027, 3, 2)],
        )
        cursor.execute(
            "UPDATE feedback_organisation SET reference_version = reference_version + 1 "
            "WHERE id = %s",
            [organisation.pk],
        )
    assert calendar_for(_fresh(organisation)).add_working_days(monday, 1) == date(2027, 3, 3)


def test_a_closure_day_added_here_counts_at_once(organisation):
    monday = date(2027, 3, 1)
    old = _fresh(organisation)
    assert calendar_for(old).add_working_days(monday, 1) == date(2027, 3, 2)
    ClosureDay.objects.create(organisation=organisation, date=date(2027, 3, 2))
    assert calendar_for(old).add_working_days(monday, 1) == date(2027, 3, 3)

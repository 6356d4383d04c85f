"""The Ombudsman's deadlines on the officer's dashboard, the earliest first."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.ombudsman.conftest import at

pytestmark = pytest.mark.django_db


def test_a_running_enquiry_shows_its_next_deadline(client, enquiry, complaints_officer):
    client.force_login(complaints_officer)
    with time_machine.travel(at(date(2026, 3, 17)), tick=False):
        board = client.get(reverse("officer:dashboard")).context["dashboard"]
    queue = board.queue("ombudsman_deadlines")
    assert queue.count == 1
    row = queue.rows[0]
    assert row.reference == "25 012 345"
    assert row.day == enquiry.next_due
    assert row.url == reverse("ombudsman:detail", args=[enquiry.pk])
    assert row.is_overdue is False
    with time_machine.travel(at(enquiry.next_due + timedelta(days=1)), tick=False):
        board = client.get(reverse("officer:dashboard")).context["dashboard"]
    assert board.queue("ombudsman_deadlines").rows[0].is_overdue is True

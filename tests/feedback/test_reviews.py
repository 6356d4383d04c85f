"""Reviews of reasonable adjustments and contact restrictions come due (issue 13): the sweep
reminds the owner before the review date, once; the complaints manager's dashboard lists them."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from escalation.sweep import sweep_run
from feedback import clock
from feedback.models import Notification
from feedback.reviews import ADJUSTMENTS, RESTRICTION, review_reminders, reviews_due
from tests.factories import CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def customers(organisation, complaints_officer):
    today = clock.today()
    return {
        "adjustments_soon": CustomerFactory(
            organisation=organisation,
            reasonable_adjustments="Large print",
            adjustments_review_on=today + timedelta(days=10),
        ),
        "restriction_past": CustomerFactory(
            organisation=organisation,
            contact_restriction="One named contact only",
            contact_restriction_review_on=today - timedelta(days=1),
            contact_restriction_set_by=complaints_officer,
        ),
        "far_away": CustomerFactory(
            organisation=organisation, adjustments_review_on=today + timedelta(days=90)
        ),
        "lifted": CustomerFactory(  # a review date left on a restriction that was lifted
            organisation=organisation, contact_restriction_review_on=today
        ),
    }


def test_reviews_due_lists_the_soon_and_the_overdue(organisation, customers):
    due = reviews_due(organisation=organisation)

    assert [(r.customer, r.what, r.overdue) for r in due] == [
        (customers["restriction_past"], RESTRICTION, True),
        (customers["adjustments_soon"], ADJUSTMENTS, False),
    ]


def test_the_sweep_reminds_each_owner_once(
    organisation, customers, complaints_officer, complaints_manager
):
    assert review_reminders() == 2
    assert review_reminders() == 0  # the same review date: nothing again

    to = dict(Notification.objects.filter(key__startswith="review:").values_list("to", "subject"))
    assert set(to) == {complaints_officer.email, complaints_manager.email}
    assert "Contact restriction" in to[complaints_officer.email]  # the officer who set it
    assert "Reasonable adjustments" in to[complaints_manager.email]
    assert "to review by" in to[complaints_manager.email]


def test_the_deadline_sweep_runs_the_review_reminders(organisation, customers, complaints_manager):
    sweep_run()
    assert Notification.objects.filter(key__startswith="review:").exists()


def test_the_complaints_managers_dashboard_lists_reviews_due(
    login, customers, complaints_manager, complaints_officer
):
    page = login(complaints_manager).get(reverse("officer:dashboard"))
    table = BeautifulSoup(page.content, "html.parser").select_one("#reviews-due")
    text = table.get_text(" ", strip=True)
    assert str(customers["adjustments_soon"]) in text
    assert "Overdue" in text
    assert str(customers["far_away"]) not in text

    page = login(complaints_officer).get(reverse("officer:dashboard"))
    assert b"reviews-due" not in page.content

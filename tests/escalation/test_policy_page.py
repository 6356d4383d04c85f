"""The complaints manager's policy page."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from escalation.models import ClosureDay, StagePolicy
from feedback.models import Case
from tests.escalation.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock_at(request):
    """5 January 2027; tests that need time to pass shift it."""
    with time_machine.travel(at(2027, 1, 5), tick=False) as traveller:
        yield traveller


def test_the_manager_sees_the_active_policies_and_no_laxity(client, complaints_manager):
    client.force_login(complaints_manager)
    page = client.get(reverse("escalation:policies"))
    assert page.status_code == 200
    assert "within 15 working days, counted from when the complaint is received" in page.text
    assert "Stage 1 is no laxer than the Complaint Handling Code" in page.text
    assert "Stage 2 is no laxer than the Complaint Handling Code" in page.text


@pytest.mark.parametrize("who", ["housing_officer", "complaints_officer", "committee_member"])
def test_only_the_complaints_manager_may_see_or_change_policies(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("escalation:policies")).status_code == 403
    response = client.post(reverse("escalation:policies_code_preset"))
    assert response.status_code == 403
    assert not StagePolicy.objects.filter(name="Complaint Handling Code").exists()


def test_the_public_is_sent_to_sign_in(client, organisation):
    response = client.get(reverse("escalation:policies"))
    assert response.status_code == 302


def test_a_laxer_edit_is_listed_and_open_cases_keep_their_deadlines(
    client, complaints_manager, complaint_create, clock_at
):
    before = complaint_create(received_at=at(2027, 1, 4))
    client.force_login(complaints_manager)
    url = reverse("escalation:policy_edit", args=[1])
    form = client.get(url)
    assert form.status_code == 200
    clock_at.shift(60)
    response = client.post(
        url,
        {
            "acknowledge_days_electronic": 1,
            "acknowledge_days_written": 5,
            "acknowledge_unit": "working",
            "respond_days": 20,
            "respond_unit": "working",
            "clock_starts": "receipt",
            "max_extension_days": 10,
            "extension_unit": "working",
            "escalation_window_days": 20,
            "escalation_window_unit": "working",
            "reminder_working_days": 2,
        },
    )
    assert response.status_code == 302
    assert StagePolicy.objects.filter(stage=1).count() == 2
    page = client.get(reverse("escalation:policies"))
    assert "Stage 1 is laxer than the Complaint Handling Code" in page.text
    assert "up to 20 working days" in page.text
    assert Case.objects.get(pk=before.pk).respond_by == date(2027, 1, 25)
    after = complaint_create(received_at=at(2027, 1, 5, 11))
    assert after.respond_by == date(2027, 2, 2)


def test_an_invalid_edit_shows_errors(client, complaints_manager):
    client.force_login(complaints_manager)
    response = client.post(reverse("escalation:policy_edit", args=[1]), {"respond_days": "-3"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert StagePolicy.objects.filter(stage=1).count() == 1


def test_one_click_code_preset(client, complaints_manager, complaint_create, clock_at):
    client.force_login(complaints_manager)
    response = client.post(reverse("escalation:policies_code_preset"))
    assert response.status_code == 302
    clock_at.shift(60)
    page = client.get(reverse("escalation:policies"))
    assert page.text.count("Complaint Handling Code") >= 2
    case = complaint_create(received_at=at(2027, 1, 5, 11))
    assert case.acknowledge_by == date(2027, 1, 12)


def test_closure_days_are_added_and_removed(client, complaints_manager):
    client.force_login(complaints_manager)
    add = reverse("escalation:closure_day_add")
    response = client.post(
        add, {"date_day": "31", "date_month": "12", "date_year": "2027", "reason": "Council closed"}
    )
    assert response.status_code == 302
    day = ClosureDay.objects.get()
    assert day.date == date(2027, 12, 31)
    again = client.post(add, {"date_day": "31", "date_month": "12", "date_year": "2027"})
    assert again.status_code == 400
    assert "already" in again.text
    bad = client.post(add, {"date_day": "31", "date_month": "2", "date_year": "2027"})
    assert bad.status_code == 400
    assert "Enter a real date" in bad.text
    assert "31 December 2027" in client.get(reverse("escalation:policies")).text
    client.post(reverse("escalation:closure_day_remove", args=[day.pk]))
    assert not ClosureDay.objects.exists()


def test_the_rule_fields_have_one_home():
    """The policy form, a new version of a policy and the API all use StagePolicy.RULE_FIELDS;
    it names every rule column (everything but identity and bookkeeping)."""
    from api.serializers.reference import StagePolicySerializer
    from escalation.forms import PolicyForm

    bookkeeping = {"id", "organisation", "stage", "name", "effective_from", "created_by"}
    columns = {f.name for f in StagePolicy._meta.concrete_fields} - bookkeeping - {"created_at"}
    assert set(StagePolicy.RULE_FIELDS) == columns
    assert tuple(PolicyForm.base_fields) == StagePolicy.RULE_FIELDS
    assert set(StagePolicy.RULE_FIELDS) < set(StagePolicySerializer.Meta.fields)

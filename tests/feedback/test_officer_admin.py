"""The Django admin loads for an administrator, and a case's state cannot be edited there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from feedback.models import CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, organisation):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    ["organisation", "servicearea", "category", "complaintground", "channel", "customer", "case"],
)
def test_admin_lists_and_forms_load(admin_client_, housing_case, model):
    assert admin_client_.get(reverse(f"admin:feedback_{model}_changelist")).status_code == 200
    obj = {
        "organisation": housing_case.organisation,
        "servicearea": housing_case.service,
        "category": housing_case.category,
        "complaintground": None,
        "channel": housing_case.channel,
        "customer": housing_case.customer,
        "case": housing_case,
    }[model]
    if obj is not None:
        url = reverse(f"admin:feedback_{model}_change", args=[obj.pk])
        assert admin_client_.get(url).status_code == 200


def test_case_search_and_filters(admin_client_, housing_case):
    url = reverse("admin:feedback_case_changelist")
    response = admin_client_.get(url, {"q": housing_case.reference, "state": "received"})
    assert response.status_code == 200
    assert housing_case.reference in response.content.decode()


def test_customer_search(admin_client_, housing_case):
    url = reverse("admin:feedback_customer_changelist")
    response = admin_client_.get(url, {"q": housing_case.customer.last_name})
    assert housing_case.customer.email in response.content.decode()


def test_the_state_is_read_only_and_a_correction_is_in_the_timeline(admin_client_, housing_case):
    url = reverse("admin:feedback_case_change", args=[housing_case.pk])
    page = admin_client_.get(url)
    assert 'name="state"' not in page.content.decode()
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "summary": "Corrected summary",
            "state": "closed",  # ignored: not a form field
            "customer": housing_case.customer_id,
        }
    )
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    housing_case.refresh_from_db()
    assert housing_case.summary == "Corrected summary"
    assert housing_case.state == "received"
    assert housing_case.events.filter(
        kind=CaseEvent.Kind.NOTE, summary__contains="summary"
    ).exists()


def test_officer_profile_is_edited_on_the_user(admin_client_, housing_officer):
    page = admin_client_.get(reverse("admin:auth_user_change", args=[housing_officer.pk]))
    assert page.status_code == 200
    assert "Officer profile" in page.content.decode()

"""API tokens: one per integration, stored hashed, expiring, scoped, revocable, rate-limited;
the schema and docs only for staff and token holders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import key_hash
from feedback.roles import Role
from tests.api.conftest import token_client


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def client_with(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_system_account_gets_a_token_scoped_by_its_role(organisation, housing_case):
    key = run("crm", "--role", Role.COMPLAINTS_OFFICER)

    token = ApiToken.objects.get(name="crm")
    assert not token.user.has_usable_password()
    assert client_with(key).get(f"/api/v1/cases/{housing_case.reference}/").status_code == 200


def test_the_key_is_stored_only_as_its_hash(organisation):
    key = run("crm", "--role", Role.COMPLAINTS_OFFICER)
    token = ApiToken.objects.get(name="crm")
    assert token.key_hash == key_hash(key)
    stored = " ".join(str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values())
    assert key.split(".", 1)[1] not in stored


def test_one_active_token_per_integration_and_rotation_revokes_the_old_one(housing_officer):
    first = run("housing", "--name", "crm")
    with pytest.raises(CommandError, match="--rotate"):
        run("housing", "--name", "crm")
    rotated = run("housing", "--name", "crm", "--rotate")
    assert rotated != first
    assert client_with(first).get("/api/v1/services/").status_code == 401
    assert client_with(rotated).get("/api/v1/services/").status_code == 200
    assert ApiToken.objects.filter(name="crm", revoked_at__isnull=True).count() == 1


def test_an_investigating_officers_token_sees_only_their_service(
    housing_officer, housing_case, planning
):
    from tests.factories import CaseFactory

    other = CaseFactory(
        organisation=housing_case.organisation, service=planning, channel=housing_case.channel
    )
    client = client_with(run("housing"))
    assert client.get(f"/api/v1/cases/{housing_case.reference}/").status_code == 200
    assert client.get(f"/api/v1/cases/{other.reference}/").status_code == 404


def test_an_unknown_user_without_a_role_is_an_error(organisation):
    with pytest.raises(CommandError, match="give --role"):
        run("nobody")


def test_an_expired_token_is_refused_with_a_reason(housing_officer, time_machine):
    key = run("housing", "--days", "30")
    assert client_with(key).get("/api/v1/services/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=31))
    response = client_with(key).get("/api/v1/services/")
    assert response.status_code == 401
    assert "expired" in response.content.decode()


def test_a_token_revoked_in_the_admin_stops_working(housing_officer, admin_client):
    key = run("housing", "--name", "crm")
    token = ApiToken.objects.get(name="crm")
    response = admin_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_with(key).get("/api/v1/services/").status_code == 401


def test_the_admin_issues_a_token_and_shows_its_key_once(housing_officer, admin_client):
    response = admin_client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "contact-centre", "user": housing_officer.pk, "scopes": ["read"], "days": 90},
        follow=True,
    )
    token = ApiToken.objects.get(name="contact-centre")
    shown = [str(m) for m in response.context["messages"]]
    key = next(m.split(" is ")[1].split(" ")[0] for m in shown if "copy it now" in m)
    assert key_hash(key) == token.key_hash
    assert token.expires_at - token.created_at == timedelta(days=90)


def test_scopes_bound_what_a_token_may_do(complaints_officer, housing_case, complaint_body):
    reader = token_client(complaints_officer, scopes=("read",))
    assert reader.get("/api/v1/cases/").status_code == 200
    refused = reader.post("/api/v1/cases/", complaint_body, format="json")
    assert refused.status_code == 403
    assert "create" in refused.content.decode()
    transition = f"/api/v1/cases/{housing_case.reference}/transitions/acknowledge/"
    assert reader.post(transition, {}, format="json").status_code == 403

    creator = token_client(complaints_officer, scopes=("create",))
    assert creator.get("/api/v1/cases/").status_code == 403
    assert creator.post("/api/v1/cases/", complaint_body, format="json").status_code == 201
    assert creator.post(transition, {}, format="json").status_code == 403


def test_each_token_has_its_own_rate_limit(complaints_officer, settings):
    settings.API_TOKEN_RATE = "3/min"
    first = token_client(complaints_officer, scopes=("read",))
    second = token_client(complaints_officer, scopes=("read", "create"))
    assert [first.get("/api/v1/services/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get("/api/v1/services/").status_code == 200


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_docs_are_for_staff_and_token_holders_only(
    url, organisation, complaints_officer, client
):
    assert APIClient().get(url).status_code in (401, 403)
    assert token_client(complaints_officer, scopes=("read",)).get(url).status_code == 200
    client.force_login(complaints_officer)
    assert client.get(url).status_code == 200

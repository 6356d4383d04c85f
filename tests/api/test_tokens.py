from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from feedback.roles import Role


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_a_system_account_gets_a_token_scoped_by_its_role(organisation, housing_case):
    key = run("crm", "--role", Role.COMPLAINTS_OFFICER)

    token = Token.objects.get(key=key)
    assert not token.user.has_usable_password()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/cases/{housing_case.reference}/").status_code == 200


def test_the_same_token_until_rotated(housing_officer):
    first = run("housing")
    assert run("housing") == first
    rotated = run("housing", "--rotate")
    assert rotated != first
    assert not Token.objects.filter(key=first).exists()


def test_an_investigating_officers_token_sees_only_their_service(
    housing_officer, housing_case, planning
):
    from tests.factories import CaseFactory

    other = CaseFactory(
        organisation=housing_case.organisation, service=planning, channel=housing_case.channel
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {run('housing')}")

    assert client.get(f"/api/v1/cases/{housing_case.reference}/").status_code == 200
    assert client.get(f"/api/v1/cases/{other.reference}/").status_code == 404


def test_an_unknown_user_without_a_role_is_an_error(organisation):
    with pytest.raises(CommandError, match="give --role"):
        run("nobody")

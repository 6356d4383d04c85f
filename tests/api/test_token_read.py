"""The token check reads the active token and its user with the ORM's query compiled once
(api.tokens._active_token): the same rows as the ORM's own read, and every change to a token
counts at its next request."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.models import ApiToken
from feedback.roles import Role


def _fields(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.django_db
def test_the_compiled_read_gives_what_the_orm_reads(organisation):
    token, _ = tokens.api_token_issue(
        name="crm", username="crm", role=Role.COMPLAINTS_OFFICER, scopes=["read", "create"]
    )
    read = tokens._active_token(token.prefix)
    orm = ApiToken.objects.select_related("user").get(prefix=token.prefix, revoked_at=None)
    assert read is not None
    assert orm is not None
    assert _fields(read) == _fields(orm)
    assert read.scopes == ["create", "read"]  # the JSON column converted, as the ORM does
    assert _fields(read.user) == _fields(orm.user)
    assert read.user is not None
    assert read.user.pk == token.user_id
    assert not read._state.adding
    assert not read.user._state.adding
    assert read._state.db == orm._state.db
    # the user came with the token: no second query
    assert ApiToken.user.is_cached(read)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "nosuch", "' OR '1'='1", "%", "_"])
def test_an_unknown_prefix_finds_nothing(organisation, prefix):
    tokens.api_token_issue(
        name="crm", username="crm", role=Role.COMPLAINTS_OFFICER, scopes=["read"]
    )
    assert tokens._active_token(prefix) is None


@pytest.mark.django_db
def test_a_change_to_the_token_counts_at_its_next_request(organisation):
    token, key = tokens.api_token_issue(
        name="crm", username="crm", role=Role.COMPLAINTS_OFFICER, scopes=["read"]
    )
    assert _client(key).get("/api/v1/services/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _client(key).get("/api/v1/services/").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert _client(key).get("/api/v1/services/").status_code == 200
    tokens.api_token_revoke(token=token)
    assert tokens._active_token(token.prefix) is None
    assert _client(key).get("/api/v1/services/").status_code == 401


@pytest.mark.django_db
def test_the_token_and_the_council_are_read_in_one_round_trip(organisation):
    """Issue 14: every API request reads its token and then the council (its reference data's
    version): on PostgreSQL one round trip sends both statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, key = tokens.api_token_issue(
        name="crm", username="crm", role=Role.COMPLAINTS_OFFICER, scopes=["read"]
    )
    with CaptureQueriesContext(connection) as sent:
        assert _client(key).get("/api/v1/services/").status_code == 200
    (token_read,) = [q["sql"] for q in sent.captured_queries if 'FROM "api_apitoken"' in q["sql"]]
    with_council = 'FROM "feedback_organisation"' in token_read
    assert with_council == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_a_token_revoked_by_an_update_is_refused_at_its_next_request(organisation):
    """Nothing of the token is kept between requests: a revocation that bypasses the model
    (a queryset update, as an operator's SQL would) counts at once too."""
    token, key = tokens.api_token_issue(
        name="crm", username="crm", role=Role.COMPLAINTS_OFFICER, scopes=["read"]
    )
    client = _client(key)
    assert client.get("/api/v1/services/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/services/").status_code == 401

import itertools

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import api_token_issue

_integrations = itertools.count(1)


def token_client(user, *, scopes=tuple(ApiToken.Scope.values)) -> APIClient:
    """A client with a new token (an integration of its own) acting as `user`, with every scope
    unless told."""
    client = APIClient()
    if user is not None:
        _, key = api_token_issue(
            name=f"tests-{user.username}-{next(_integrations)}",
            username=user.username,
            scopes=list(scopes),
        )
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def as_central(complaints_officer):
    return token_client(complaints_officer)


@pytest.fixture
def as_manager(complaints_manager):
    return token_client(complaints_manager)


@pytest.fixture
def as_housing(housing_officer):
    return token_client(housing_officer)


@pytest.fixture
def as_planner(planning_officer):
    return token_client(planning_officer)


@pytest.fixture
def as_committee(committee_member):
    return token_client(committee_member)


@pytest.fixture
def anonymous(db):
    return APIClient()


@pytest.fixture
def complaint_body():
    return {
        "kind": "complaint",
        "channel": "telephone",
        "received_at": "2026-11-20T10:15:00Z",
        "service": "housing",
        "category": "service-failure",
        "summary": "Repair not done",
        "description": "The boiler repair promised for last week has not happened.",
        "customer": {"first_name": "Sam", "last_name": "Patel", "email": "sam@example.com"},
    }

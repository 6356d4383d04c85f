import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

_handler = None


def api_client() -> APIClient:
    """A client sharing one request handler: a new handler builds the middleware again, and
    WhiteNoise's start-up scan of the collected static files takes about two seconds."""
    global _handler
    client = APIClient()
    if _handler is None:
        _handler = client.handler
    client.handler = _handler
    return client


def token_client(user) -> APIClient:
    client = api_client()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
    return api_client()


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


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Officers are made with passwords; the production hasher costs about a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

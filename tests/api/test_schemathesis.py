"""Property-based tests of the whole API against its own OpenAPI schema (WSGI, no server).

Every check that schemathesis runs by default stays on, status_code_conformance included:
the schema documents the errors (api.schema), so an undocumented status is a failure. Off:
* negative_data_rejection: it counts as wrong any lenience JSON Schema cannot express (an
  unknown query parameter or body property, which the API ignores);
* positive_data_acceptance on writes, the case list and the measures only: a request can be
  schema-valid and still refused with a 400 for reasons the schema cannot state, because they
  depend on data (a channel or category slug the council does not have, a complaint with no way
  to reply, a transition the case's state does not allow) or join fields (a period is a slug,
  or a start and an end no more than three years apart). Everywhere else it stays on."""

from unittest import mock

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.views import SpectacularAPIView
from hypothesis import HealthCheck, settings
from rest_framework.permissions import AllowAny
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application
from tests.api.conftest import token_client

DATA_DEPENDENT = {"GET /api/v1/cases/", "GET /api/v1/statistics/measures/"}

# The schema is served to staff and token holders only (tests/api/test_tokens.py checks that);
# it is loaded here, at import, before any database or token exists.
with mock.patch.object(SpectacularAPIView, "permission_classes", [AllowAny]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def token(complaints_manager, complaint_body):
    client = token_client(complaints_manager)
    # One real case, so reads of an existing reference are exercised too.
    assert client.post("/api/v1/cases/", complaint_body, format="json").status_code == 201
    return client._credentials["HTTP_AUTHORIZATION"]


@pytest.fixture
def wsgi_keeps_connection(token):
    # Django closes the connection at the end of each WSGI request; the test's transaction
    # lives on it. Django's test client disconnects these receivers the same way, and
    # reconnects them after each of its requests: so this runs after `token` has used it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, token, wsgi_keeps_connection):
    excluded = [negative_data_rejection]
    if case.method.upper() == "POST" or case.operation.label in DATA_DEPENDENT:
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": token}, excluded_checks=excluded)

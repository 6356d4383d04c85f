"""NUL characters (issue 13). PostgreSQL refuses "\\x00" in any text parameter, so a lookup by a
slug containing one raised a 500 there (SQLite accepts it, so only PostgreSQL shows it)."""

import pytest
from django.db import connection

from feedback.models import Case

URL = "/api/v1/cases/"

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite accepts NUL, so the fault cannot show")


@pytest.mark.parametrize("field", ["channel", "service", "category", "ground"])
@pytest.mark.parametrize("value", ["\x00", "housing\x00", "tele\x00phone"])
def test_a_nul_in_a_slug_is_a_field_error_in_the_api_shape(
    as_central, complaint_body, field, value
):
    response = as_central.post(URL, {**complaint_body, field: value}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert (body["status"], body["code"]) == (400, "invalid")
    assert body["fields"] == {field: ["Null characters are not allowed."]}
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "param", ["service", "category", "channel", "kind", "state", "reference", "q"]
)
def test_a_nul_in_a_list_filter_is_never_a_server_error(as_central, param):
    response = as_central.get(URL, {param: "ab\x00c"})
    assert response.status_code in (200, 400), response.content[:300]

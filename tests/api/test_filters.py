from datetime import UTC, date, datetime

import pytest

from feedback.models import Channel
from feedback.states import CaseState
from tests.factories import CaseFactory, CustomerFactory

LIST = "/api/v1/cases/"


def refs(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["reference"] for row in response.json()["results"]}


@pytest.fixture
def cases(organisation, housing, planning, web_form, housing_officer):
    email = Channel.objects.get(slug="email")
    return {
        "old": CaseFactory(
            organisation=organisation,
            service=housing,
            channel=web_form,
            received_at=datetime(2026, 1, 10, 12, tzinfo=UTC),
            summary="Damp in the bedroom",
            respond_by=date(2026, 2, 1),
        ),
        "new": CaseFactory(
            organisation=organisation,
            service=planning,
            channel=email,
            kind="comment",
            received_at=datetime(2026, 11, 1, 12, tzinfo=UTC),
            summary="Planning portal is slow",
            customer=CustomerFactory(organisation=organisation, last_name="Okonkwo"),
            assigned_to=housing_officer,
        ),
        "closed": CaseFactory(
            organisation=organisation,
            service=housing,
            channel=web_form,
            state=CaseState.CLOSED,
            received_at=datetime(2026, 6, 1, 12, tzinfo=UTC),
            respond_by=date(2026, 6, 20),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("service=housing", {"old", "closed"}),
        ("channel=email", {"new"}),
        ("kind=comment", {"new"}),
        ("state=open", {"old", "new"}),
        ("state=closed", {"closed"}),
        ("received_from=2026-06-01&received_to=2026-11-01", {"new", "closed"}),
        ("q=damp", {"old"}),
        ("q=okonkwo", {"new"}),
        ("overdue=true", {"old"}),
        ("assigned=none", {"old", "closed"}),
        ("respond_to=2026-03-01", {"old"}),
    ],
)
def test_the_officer_list_filters(as_central, cases, query, expected):
    response = as_central.get(f"{LIST}?{query}")

    assert refs(response) == {cases[name].reference for name in expected}


def test_assigned_to_me(cases, housing_officer, complaints_officer):
    from tests.api.conftest import token_client

    # The housing officer sees only Housing; the planning case assigned to them stays hidden.
    assert refs(token_client(housing_officer).get(f"{LIST}?assigned=me")) == set()
    assert refs(token_client(complaints_officer).get(f"{LIST}?assigned=me")) == set()


def test_filters_stay_inside_the_callers_services(as_housing, cases):
    response = as_housing.get(f"{LIST}?service=planning-and-development")

    assert response.status_code == 400
    assert "service" in response.json()["fields"]
    assert refs(as_housing.get(f"{LIST}?channel=email")) == set()


@pytest.mark.parametrize(
    "query",
    ["service=atlantis", "received_from=yesterday", "state=limbo", "assigned=someone"],
)
def test_bad_filter_values_are_field_errors(as_central, cases, query):
    response = as_central.get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [query.split("=")[0]]


@pytest.mark.parametrize("query", ["received_to=9999-12-31", "received_from=0001-01-01", "q=a%00b"])
def test_edge_values_never_crash(as_central, cases, query):
    assert as_central.get(f"{LIST}?{query}").status_code in {200, 400}

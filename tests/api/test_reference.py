import pytest


@pytest.mark.parametrize(
    ("url", "count", "first"),
    [
        ("/api/v1/services/", 8, "revenues-and-benefits"),
        ("/api/v1/categories/", 6, "compliment-of-good-service"),
        ("/api/v1/grounds/", 3, "service-failure"),
        ("/api/v1/channels/", 7, "web-form"),
    ],
)
def test_reference_lists(as_housing, url, count, first):
    response = as_housing.get(url)

    assert response.status_code == 200
    assert len(response.json()) == count
    assert response.json()[0]["slug"] == first


def test_read_one_by_slug(as_committee):
    response = as_committee.get("/api/v1/channels/email/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "email",
        "name": "Email",
        "is_electronic": True,
        "is_active": True,
    }


def test_stage_policies(as_housing):
    policies = as_housing.get("/api/v1/stage-policies/").json()

    assert [(p["stage"], p["respond_days"], p["respond_unit"]) for p in policies] == [
        (1, 15, "working"),
        (2, 28, "calendar"),
    ]
    one = as_housing.get(f"/api/v1/stage-policies/{policies[0]['id']}/")
    assert one.json()["clock_starts"] == "receipt"


def test_unknown_slug_is_404(as_housing):
    assert as_housing.get("/api/v1/services/atlantis/").status_code == 404


def test_reference_data_needs_a_login(anonymous, organisation):
    assert anonymous.get("/api/v1/services/").status_code == 401


def test_schema_and_docs_are_served_without_a_cdn(client, organisation, complaints_officer):
    client.force_login(complaints_officer)  # for staff and token holders only (test_tokens)
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/cases/" in schema.content
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html

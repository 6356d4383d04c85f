import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from api.models import IdempotencyKey
from feedback.models import Case

URL = "/api/v1/cases/"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False):
        yield


def test_a_retry_with_the_same_key_returns_the_first_response(as_central, complaint_body):
    first = as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="crm-1")
    again = as_central.post(
        URL, dict(reversed(complaint_body.items())), format="json", HTTP_IDEMPOTENCY_KEY="crm-1"
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Case.objects.count() == 1
    assert IdempotencyKey.objects.get().case == Case.objects.get()


def test_the_same_key_with_another_body_is_refused(as_central, complaint_body):
    as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="crm-1")

    response = as_central.post(
        URL, {**complaint_body, "summary": "Other"}, format="json", HTTP_IDEMPOTENCY_KEY="crm-1"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "different request body" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_without_a_key_each_post_is_a_new_case(as_central, complaint_body):
    as_central.post(URL, complaint_body, format="json")
    as_central.post(URL, complaint_body, format="json")

    assert Case.objects.count() == 2


def test_keys_belong_to_their_user(as_central, as_manager, complaint_body):
    as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = as_manager.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert other.status_code == 201
    assert Case.objects.count() == 2


def test_a_failed_create_keeps_no_key_so_the_client_can_fix_and_retry(as_central, complaint_body):
    bad = as_central.post(
        URL, {**complaint_body, "channel": "nope"}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    good = as_central.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert (bad.status_code, good.status_code) == (400, 201)
    assert not IdempotencyKey.objects.filter(case=None).exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "café"])
def test_a_malformed_key_is_a_field_error(as_central, complaint_body, key):
    response = as_central.post(
        URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1")
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_one_case(organisation, complaints_officer, complaint_body):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (required in CI)")
    from tests.api.conftest import token_client

    barrier = threading.Barrier(4)
    results = []

    clients = [token_client(complaints_officer) for _ in range(4)]

    def post(client):
        barrier.wait()
        try:
            response = client.post(URL, complaint_body, format="json", HTTP_IDEMPOTENCY_KEY="dup")
            results.append((response.status_code, response.json()["reference"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Case.objects.count() == 1
    assert len(results) == 4
    assert set(results) == {(201, Case.objects.get().reference)}

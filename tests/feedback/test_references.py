import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.utils import timezone

from feedback.models import Case
from feedback.services import CustomerDetails, case_create, reference_next

LONDON = ZoneInfo("Europe/London")


def _complaint(organisation, service, channel, **extra):
    return case_create(
        organisation=organisation,
        kind="complaint",
        service=service,
        channel=channel,
        summary="Bin not collected",
        description="Missed three weeks running.",
        customer_details=CustomerDetails(
            first_name="Ann", last_name="Lee", email="ann@example.com"
        ),
        **extra,
    )


def test_references_count_up_per_kind_and_year(organisation, housing, web_form):
    first = _complaint(organisation, housing, web_form)
    second = _complaint(organisation, housing, web_form)
    comment = case_create(
        organisation=organisation,
        kind="comment",
        service=housing,
        channel=web_form,
        summary="More benches please",
        description="In the park.",
    )
    year = timezone.localdate(first.received_at).year
    assert (first.reference, second.reference) == (f"CMP-{year}-00001", f"CMP-{year}-00002")
    assert comment.reference == f"COM-{year}-00001"


def test_reference_year_is_the_local_year_of_receipt(organisation, housing, web_form):
    # 00:30 on 1 January in London is still 31 December in UTC.
    received = datetime(2027, 1, 1, 0, 30, tzinfo=LONDON)
    case = _complaint(organisation, housing, web_form, received_at=received)
    assert case.reference == "CMP-2027-00001"


def test_a_rolled_back_case_does_not_use_up_a_number(organisation, housing, web_form):
    def submit_then_fail():
        with transaction.atomic():
            _complaint(organisation, housing, web_form)
            raise RuntimeError("fail after the reference was taken")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert _complaint(organisation, housing, web_form).reference.endswith("-00001")


def test_a_complaint_without_any_way_to_reply_is_refused(organisation, housing, web_form):
    with pytest.raises(ValueError, match="way to reply"):
        case_create(
            organisation=organisation,
            kind="complaint",
            service=housing,
            channel=web_form,
            summary="x",
            description="y",
        )
    assert not Case.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_reference(organisation):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises all writers")
    barrier = threading.Barrier(8)
    references: list[str] = []
    errors: list[BaseException] = []

    def take_many():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    references.append(
                        reference_next(organisation=organisation, kind="complaint", year=2026)
                    )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 80
    assert sorted(references) == [f"CMP-2026-{n:05d}" for n in range(1, 81)]

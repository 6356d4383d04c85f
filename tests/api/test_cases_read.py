from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from escalation.models import CaseStage, StagePolicy
from feedback.services import event_record
from tests.factories import CaseFactory

LIST = "/api/v1/cases/"


def detail(reference: str) -> str:
    return f"/api/v1/cases/{reference}/"


@pytest.fixture
def planning_case(organisation, planning, web_form):
    return CaseFactory(organisation=organisation, service=planning, channel=web_form)


@pytest.fixture
def stage1(housing_case, organisation):
    policy = StagePolicy.objects.get(stage=1)
    return CaseStage.objects.create(
        organisation=organisation,
        case=housing_case,
        stage=1,
        policy=policy,
        opened_at=housing_case.received_at,
        acknowledge_due=date(2026, 11, 24),
        acknowledged_at=timezone.now(),
        acknowledgement_met=True,
        response_due_original=date(2026, 12, 11),
        response_due=date(2026, 12, 18),
        extension_reason="Waiting for the contractor's report",
    )


def test_list_shows_an_officer_only_their_services_cases(as_housing, housing_case, planning_case):
    response = as_housing.get(LIST)

    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [housing_case.reference]


def test_central_staff_see_every_service(as_central, housing_case, planning_case):
    response = as_central.get(LIST)

    assert {row["reference"] for row in response.json()["results"]} == {
        housing_case.reference,
        planning_case.reference,
    }


def test_committee_member_gets_403_on_cases(as_committee, housing_case):
    assert as_committee.get(LIST).status_code == 403
    response = as_committee.get(detail(housing_case.reference))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_gets_401(anonymous, housing_case):
    assert anonymous.get(LIST).status_code == 401
    assert anonymous.get(detail(housing_case.reference)).status_code == 401


def test_bad_token_gets_401(anonymous, housing_case):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_cursor_pagination_walks_every_case_once(as_central, organisation, housing, web_form):
    cases = CaseFactory.create_batch(
        7, organisation=organisation, service=housing, channel=web_form
    )
    seen, url = [], f"{LIST}?page_size=3"
    while url:
        page = as_central.get(url).json()
        seen += [row["reference"] for row in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(case.reference for case in cases)
    assert len(seen) == 7


def test_a_garbage_cursor_is_a_404_in_the_error_shape(as_central):
    response = as_central.get(f"{LIST}?cursor=garbage")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_queries_do_not_grow_with_the_page(
    as_central, organisation, housing, web_form, django_assert_max_num_queries
):
    CaseFactory.create_batch(3, organisation=organisation, service=housing, channel=web_form)
    with django_assert_max_num_queries(6) as small:
        as_central.get(LIST)
    CaseFactory.create_batch(20, organisation=organisation, service=housing, channel=web_form)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_central.get(LIST)
    assert len(response.json()["results"]) == 23


def test_detail_has_status_deadlines_officer_and_timeline(
    as_housing, housing_case, stage1, housing_officer
):
    event_record(case=housing_case, kind="note", summary="Called the tenant", actor=housing_officer)

    response = as_housing.get(detail(housing_case.reference))

    assert response.status_code == 200
    body = response.json()
    assert body["deadlines"] == {
        "stage": 1,
        "acknowledge_by": "2026-11-24",
        "acknowledged_at": body["deadlines"]["acknowledged_at"],
        "acknowledgement_met": True,
        "respond_by": "2026-12-18",
        "respond_by_original": "2026-12-11",
        "responded_at": None,
        "response_met": None,
        "overdue_since": None,
    }
    assert body["stages"][0]["extension_reason"] == "Waiting for the contractor's report"
    assert body["timeline"][-1]["summary"] == "Called the tenant"
    assert body["timeline"][-1]["who"] == housing_officer.get_full_name()
    assert body["customer"]["email"] == housing_case.customer.email


def test_detail_shows_a_member_enquiry(as_housing, housing_case):
    from datetime import date

    housing_case.representative_kind = "councillor"
    housing_case.representative_name = "Cllr Jane Fairweather"
    housing_case.representative_area = "Riverside ward"
    housing_case.representative_consent_on = date(2026, 11, 20)
    housing_case.save()

    body = as_housing.get(detail(housing_case.reference)).json()

    assert body["representative"] == {
        "kind": "councillor",
        "name": "Cllr Jane Fairweather",
        "relationship": "",
        "area": "Riverside ward",
        "email": "",
        "consent_on": "2026-11-20",
        "member_enquiry": True,
    }
    assert "representative_name" not in body["customer"]


def test_detail_shows_the_assigned_officer(as_central, housing_case, housing_officer):
    housing_case.assigned_to = housing_officer
    housing_case.save()

    body = as_central.get(detail(housing_case.reference)).json()

    assert body["assigned_to"] == {
        "id": housing_officer.pk,
        "username": "housing",
        "name": housing_officer.get_full_name(),
    }


def test_detail_outside_the_officers_service_is_404(as_planner, housing_case):
    response = as_planner.get(detail(housing_case.reference))

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "Not found.",
        "fields": {},
    }


def test_detail_of_an_unknown_reference_is_the_same_404(as_planner):
    assert as_planner.get(detail("CMP-1999-99999")).json()["detail"] == "Not found."


def test_detail_queries_do_not_grow_with_the_timeline(
    as_central, housing_case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        as_central.get(detail(housing_case.reference))
    for n in range(15):
        event_record(
            case=housing_case,
            kind="note",
            summary=f"Note {n}",
            at=timezone.now() + timedelta(seconds=n),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_central.get(detail(housing_case.reference))
    assert len(response.json()["timeline"]) == 15


@pytest.mark.parametrize("summer", [False, True])
def test_the_written_out_detail_is_the_serializers_own(
    housing_case, stage1, housing_officer, complaints_officer, summer
):
    """`case_detail_data` (the create's response) writes `CaseDetailSerializer`'s output out
    by hand: the same JSON, key for key and in order, for a case with everything filled in
    (a stage with its handler, an assignee, a representative, timeline entries by an officer
    and by the system, an attachment, a closed date) and for one with nothing but its
    customer; a summer date prints its +01:00 offset, a winter one Z."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from api.serializers.cases import CaseDetailSerializer, case_detail_data
    from api.views.cases import with_details
    from feedback.models import Attachment, Case
    from feedback.services import attachment_add

    at = timezone.make_aware(datetime(2026, 7 if summer else 1, 15, 9, 30))
    stage1.handler = housing_officer
    stage1.responded_at, stage1.response_met, stage1.working_days_taken = at, False, 17
    stage1.outcome = "upheld"
    stage1.save()
    housing_case.assigned_to = housing_officer
    housing_case.representative_kind = "councillor"
    housing_case.representative_name = "Cllr Jane Fairweather"
    housing_case.representative_consent_on = date(2026, 11, 20)
    housing_case.closed_at = at
    housing_case.save()
    event_record(case=housing_case, kind="note", summary="Called", actor=housing_officer, at=at)
    event_record(case=housing_case, kind="deadline", summary="Overdue", detail="x\ny", at=at)
    attachment_add(
        case=housing_case,
        upload=SimpleUploadedFile("note.txt", b"hello"),
        content_type="text/plain",
        uploaded_by=complaints_officer,
    )
    bare = CaseFactory(
        organisation=housing_case.organisation,
        service=housing_case.service,
        channel=housing_case.channel,
        category=None,
    )
    assert Attachment.objects.filter(case=housing_case).count() == 1
    request = Request(APIRequestFactory().get("/api/v1/cases/", secure=True))
    for case in (housing_case, bare):
        case = with_details(Case.objects.get(pk=case.pk))
        context = {"request": request, "format": None, "view": None}
        expected = json.dumps(CaseDetailSerializer(case, context=context).data)
        assert json.dumps(case_detail_data(case, context=context)) == expected

"""The Complaint Handling Code's annual report for 2025-26: the system's evidence against
figures counted by hand from conftest.CASES (never by calling the code under test), the
self-assessment's versions, the improvements register, publishing, the PDF and the public
page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from escalation.models import CaseStage, RefusalReason
from escalation.services import case_transition
from feedback.models import CaseEvent, ServiceArea
from reporting.annual import annual_assessment_get, evidence_for_year, year_period
from reporting.code import REQUIREMENT_KEYS
from reporting.models import SelfAssessment
from reporting.services_annual import (
    AnswerInput,
    annual_report_publish,
    governing_body_response_save,
    improvement_save,
    self_assessment_save,
    self_assessment_start_from_previous,
)
from tests.factories import CaseFactory
from tests.pdf_layout import pdf_text

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def evidence(organisation, dataset):
    return lambda: evidence_for_year(organisation=organisation, period=year_period(2025))


def test_stage_timescales_from_the_year_s_answers(evidence):
    # Stage 1 answered in 2025-26: C1 12, C2 14, C4 20, C5 20, C10 5, C11 15, P1 18 days.
    found = evidence()
    assert found["stage1_within_10"] == ("Stage 1 responses within 10 working days: 14% (1 of 7).")
    # Stage 2: C2 in 18 working days.
    assert found["stage2_within_20"] == ("Stage 2 responses within 20 working days: 100% (1 of 1).")
    assert found["compensation_paid"] == "Compensation paid: £215.50 in 4 payments."


def test_stage_2_by_a_different_person(evidence, dataset, housing_officer, complaints_manager):
    stage1 = CaseStage.objects.get(case=dataset["C2"], stage=1)
    stage2 = CaseStage.objects.get(case=dataset["C2"], stage=2)
    stage1.handler = housing_officer
    stage1.save()
    stage2.responded_by = housing_officer
    stage2.save()
    assert evidence()["stage2_different_person"] == (
        "Stage 2 handled by a different person: 0% (0 of 1)."
    )
    stage2.responded_by = complaints_manager
    stage2.response_recorded_by = housing_officer  # recorded by the Stage 1 handler: the same
    stage2.save()
    assert evidence()["stage2_different_person"].endswith("0% (0 of 1).")
    stage2.response_recorded_by = complaints_manager
    stage2.save()
    assert evidence()["stage2_different_person"].endswith("100% (1 of 1).")


def test_extensions_beyond_the_code_s_maximum(evidence, dataset):
    """C4's Stage 1 deadline (Wednesday 9 July 2025) was extended: to 23 July it is 10 working
    days (the Code's maximum), to 24 July 11."""
    stage = CaseStage.objects.get(case=dataset["C4"], stage=1)
    stage.response_due = date(2025, 7, 23)
    stage.save()
    assert evidence()["extensions_beyond_code"] == (
        "Extensions beyond the Code's maximum: 0 (of 1 extended responses)."
    )
    stage.response_due = date(2025, 7, 24)
    stage.save()
    assert evidence()["extensions_beyond_code"] == (
        "Extensions beyond the Code's maximum: 1 (of 1 extended responses)."
    )


def test_refusals_with_the_ombudsman_signposted(
    evidence, organisation, housing, web_form, complaints_officer
):
    # C7's refusal (6 August 2025) has no email in the dataset: not signposted.
    assert evidence()["refusals_signposted"] == (
        "Refusals with the Ombudsman signposted: 0% (0 of 1)."
    )
    # A refusal made through the lifecycle emails the customer with the Ombudsman's details.
    case = CaseFactory(
        organisation=organisation,
        service=housing,
        channel=web_form,
        state="received",
        received_at=datetime(2025, 11, 3, 9, tzinfo=LONDON),
    )
    case_transition(
        case=case,
        name="triage_not_accepted",
        user=complaints_officer,
        reason="Not a complaint",
        data={"refusal_reason": RefusalReason.objects.filter(organisation=organisation).first()},
        now=datetime(2025, 11, 4, 9, tzinfo=LONDON),
    )
    assert evidence()["refusals_signposted"] == (
        "Refusals with the Ombudsman signposted: 50% (1 of 2)."
    )


def test_the_policy_in_force_against_the_code(evidence):
    assert evidence()["policy_in_force"] == (
        "Stage 1 (Council policy (seed defaults)): respond in 15 working days; differs: "
        "respond 15 (Code 10). "
        "Stage 2 (Council policy (seed defaults)): respond in 28 calendar days; differs: "
        "respond 28 (Code 20); respond counted in calendar days (Code: working days)."
    )


def _answer_all(organisation, year, complies="yes"):
    return self_assessment_save(
        organisation=organisation,
        year=year,
        answers={
            key: AnswerInput(evidence=f"Evidence {key}", complies=complies)
            for key in REQUIREMENT_KEYS
        },
    )


def test_each_year_is_its_own_version_started_from_last_year(organisation, dataset):
    _answer_all(organisation, 2024, complies="partly")
    self_assessment_save(
        organisation=organisation,
        year=2025,
        answers={"6.1": AnswerInput(evidence="Checked weekly", complies="yes")},
    )
    copied = self_assessment_start_from_previous(organisation=organisation, year=2025)
    assert copied == len(REQUIREMENT_KEYS) - 1
    this_year = {a.requirement: a for a in SelfAssessment.objects.get(year=2025).answers.all()}
    assert this_year["6.1"].evidence == "Checked weekly"  # never overwritten
    assert (this_year["7.2"].evidence, this_year["7.2"].complies) == ("Evidence 7.2", "partly")
    last_year = SelfAssessment.objects.get(year=2024).answers.get(requirement="7.2")
    assert last_year.complies == "partly"
    this_year["7.2"].complies = "no"
    this_year["7.2"].save()
    last_year.refresh_from_db()
    assert last_year.complies == "partly"


def test_publishing_needs_every_answer_and_the_governing_body_s_response(
    organisation, dataset, complaints_manager
):
    with pytest.raises(ValidationError, match="Complete the self-assessment"):
        annual_report_publish(organisation=organisation, year=2025, actor=complaints_manager)
    self_assessment_save(
        organisation=organisation, year=2025, answers={"1.1": AnswerInput(complies="yes")}
    )
    with pytest.raises(ValidationError, match="missing: 1.2, 2.1"):
        annual_report_publish(organisation=organisation, year=2025, actor=complaints_manager)
    _answer_all(organisation, 2025)
    with pytest.raises(ValidationError, match="governing body"):
        annual_report_publish(organisation=organisation, year=2025, actor=complaints_manager)
    governing_body_response_save(
        organisation=organisation,
        year=2025,
        text="The committee noted the report.",
        responded_on=date(2026, 6, 24),
    )
    published = annual_report_publish(
        organisation=organisation, year=2025, actor=complaints_manager
    )
    assert published.published_at is not None


@pytest.fixture
def improvements(organisation, dataset, housing_officer, complaints_manager):
    housing = ServiceArea.objects.get(slug="housing")
    made = improvement_save(
        organisation=organisation,
        service=housing,
        lesson="Repairs were booked and then forgotten.",
        action="Repairs are now checked daily against the log.",
        owner=housing_officer,
        status="done",
        done_on=date(2025, 6, 1),
        case_references=["ref-c1", "REF-C5"],
        publish=True,
        actor=complaints_manager,
    )
    private = improvement_save(
        organisation=organisation,
        service=housing,
        lesson="Reception staff were curt.",
        action="Customer care training for reception.",
        owner=housing_officer,
        status="done",
        done_on=date(2025, 9, 1),
        case_references=["REF-C2"],
        publish=False,
        actor=complaints_manager,
    )
    improvement_save(
        organisation=organisation,
        service=housing,
        lesson="Later lesson",
        action="Planned for next year",
        owner=housing_officer,
        status="planned",
        done_on=None,
        case_references=[],
        publish=True,
        actor=complaints_manager,
    )
    return made, private


def test_the_register_links_cases_and_the_annual_report_lists_what_was_done(
    organisation, improvements, dataset
):
    made, _ = improvements
    assert sorted(made.cases.values_list("reference", flat=True)) == ["REF-C1", "REF-C5"]
    entry = dataset["C1"].events.get(summary__startswith="Linked to a service improvement")
    assert entry.kind == CaseEvent.Kind.NOTE
    annual = annual_assessment_get(organisation=organisation, year=2025)
    assert [i.action for i in annual.improvements] == [
        "Repairs are now checked daily against the log.",
        "Customer care training for reception.",
    ]
    assert [i.case_count for i in annual.improvements] == [2, 1]
    assert (
        evidence_for_year(organisation=organisation, period=year_period(2025))["improvements_done"]
        == "Service improvements made: 2 (listed in this report)."
    )
    with pytest.raises(ValidationError) as refused:
        improvement_save(
            organisation=organisation,
            service=made.service,
            lesson="x",
            action="y",
            owner=made.owner,
            status="done",
            done_on=None,
            case_references=["REF-NOPE"],
            publish=False,
            actor=made.owner,
        )
    assert set(refused.value.message_dict) == {"done_on", "case_references"}


def test_the_manager_completes_and_publishes_and_the_public_reads_it(
    client, organisation, improvements, complaints_manager, committee_member
):
    public_url = reverse("reporting:annual_public", kwargs={"year": 2025})
    assert client.get(public_url).status_code == 404
    client.force_login(committee_member)
    assert client.get(reverse("reporting:annual", kwargs={"year": 2025})).status_code == 200
    edit = reverse("reporting:self_assessment", kwargs={"year": 2025})
    assert client.get(edit).status_code == 403
    client.force_login(complaints_manager)
    page = client.get(edit).content.decode()
    assert (
        "From the system:</strong> Stage 1 responses within 10 working days: 14% (1 of 7)." in page
    )
    form = {}
    for key in REQUIREMENT_KEYS:
        name = "r" + key.replace(".", "_")
        form[f"{name}_evidence"] = f"Our evidence for {key}"
        form[f"{name}_complies"] = "yes"
        form[f"{name}_actions"] = ""
    form["r6_1_complies"] = "partly"
    form["r6_1_actions"] = "Weekly checks of Stage 1 deadlines"
    assert client.post(edit, form).status_code == 302
    response_url = reverse("reporting:governing_body_response", kwargs={"year": 2025})
    refused = client.post(response_url, {"text": ""})
    assert "Enter the governing body" in refused.content.decode()
    client.post(
        response_url,
        {
            "text": "The Standards Committee welcomed the report.",
            "responded_on_day": "24",
            "responded_on_month": "6",
            "responded_on_year": "2026",
        },
    )
    client.post(reverse("reporting:annual_publish", kwargs={"year": 2025}))
    assert SelfAssessment.objects.get(year=2025).published_at is not None
    client.logout()
    public = client.get(public_url).content.decode()
    assert "Weekly checks of Stage 1 deadlines" in public
    assert "Partly complies" in public
    assert "The Standards Committee welcomed the report." in public
    assert "Repairs are now checked daily against the log." in public
    assert "Customer care training for reception." not in public  # not for publication
    assert "REF-C1" not in public
    assert "Complaints it came from" not in public
    assert "fewer than 5" in public  # the public figures are the suppressed ones
    statistics = client.get(reverse("reporting:public")).content.decode()
    assert public_url in statistics
    client.force_login(complaints_manager)
    pdf = client.get(reverse("reporting:annual_pdf", kwargs={"year": 2025}))
    text = pdf_text(pdf.content)
    assert "Self-assessment against the Complaint Handling Code" in text
    assert "Stage 1 responses within 10 working days: 14% (1 of 7)." in " ".join(text.split())
    assert "Customer care training for reception." in " ".join(text.split())
    assert "The Standards Committee welcomed the report." in text


def test_the_self_assessment_costs_the_same_queries_however_much_data(
    organisation, improvements, dataset, complaints_manager, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _answer_all(organisation, 2025)
    with CaptureQueriesContext(connection) as before:
        annual_assessment_get(organisation=organisation, year=2025)
    made, _ = improvements
    for n in range(5):
        improvement_save(
            organisation=organisation,
            service=made.service,
            lesson=f"Lesson {n}",
            action=f"Action {n}",
            owner=made.owner,
            status="done",
            done_on=date(2025, 7, 1 + n),
            case_references=["REF-C1", "REF-C2", "REF-C4"],
            publish=True,
            actor=complaints_manager,
        )
    with django_assert_max_num_queries(len(before)):
        annual = annual_assessment_get(organisation=organisation, year=2025)
    assert len(annual.improvements) == 7

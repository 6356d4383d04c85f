"""The equality report against figures counted by hand, with its suppression, its cost in
queries and who may read it."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from equality.services import equality_answers_record
from escalation.stages import stage_open
from feedback.models import Channel, FeedbackKind, ServiceArea
from reporting import periods
from reporting.equality import equality_report
from reporting.suppression import WITHHELD
from tests.factories import CaseFactory

from .conftest import PREFERS_NOT

# One process runs the module under pytest-xdist (`--dist loadgroup`): the dataset is made once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("equality-report")]

RECEIVED = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
YEAR = periods.parse("2025-26")


def _case(organisation, service, channel, kind, answers=None, outcomes=()):
    case = CaseFactory(
        organisation=organisation, service=service, channel=channel, kind=kind, received_at=RECEIVED
    )
    for number, outcome in enumerate(outcomes, start=1):
        stage = stage_open(case=case, stage=number, opened_at=RECEIVED, acknowledged_at=RECEIVED)
        stage.outcome = outcome
        stage.responded_at = RECEIVED + timedelta(days=5 * number)
        stage.save()
    if answers is not None:
        equality_answers_record(case=case, answers=answers, answered_through="web")
    return case


@pytest.fixture(scope="module")
def _dataset(django_db_setup, django_db_blocker):
    """The dataset made once for the module, in a transaction rolled back at its end; each test
    runs in its own transaction inside it (pytest-django's savepoint), so what a test changes is
    undone before the next, as when each made its own. 37 cases through the factories and the
    stage and answer services cost about 0.3 s of CPU; every test reads the same figures."""
    from django.core.management import call_command
    from django.db import transaction

    from config.celery import app
    from feedback.models import Channel, Organisation, ServiceArea

    with django_db_blocker.unblock(), transaction.atomic():
        # What tests/conftest.py's organisation fixture and _celery_eager give a test.
        app.conf.update(task_always_eager=True, task_eager_propagates=True)
        try:
            call_command("council_setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
            dataset_make(
                Organisation.objects.get(),
                ServiceArea.objects.get(slug="housing"),
                ServiceArea.objects.get(slug="planning-and-development"),
                Channel.objects.get(slug="web-form"),
            )
        finally:
            app.conf.task_always_eager = False
        yield
        transaction.set_rollback(True)


@pytest.fixture
def dataset(_dataset, organisation):
    """The module's dataset (below), for a test that also has the council (council_setup finds
    it there and adds nothing)."""


def dataset_make(organisation, housing, planning, web_form):
    """Sex, counted by hand (complaints, comments):
    female 6, 5 (ethnic group White: Irish); male 7, 6 (White: British); prefer not to say 2,
    0; no answers 8, 5. Female complaints: 5 upheld at Stage 1, 1 not upheld at Stage 1 then
    upheld at Stage 2; male complaints: 7 not upheld. Housing has the female feedback,
    Planning the rest."""
    female = {**PREFERS_NOT, "sex": "female", "ethnic_group": "white_irish"}
    male = {**PREFERS_NOT, "sex": "male", "ethnic_group": "white_british"}
    complaint, comment = FeedbackKind.COMPLAINT, FeedbackKind.COMMENT
    args = (organisation, housing, web_form)
    for _ in range(5):
        _case(*args, complaint, female, ["upheld"])
    _case(*args, complaint, female, ["not_upheld", "upheld"])
    for _ in range(5):
        _case(*args, comment, female)
    args = (organisation, planning, web_form)
    for _ in range(7):
        _case(*args, complaint, male, ["not_upheld"])
    for _ in range(6):
        _case(*args, comment, male)
    for _ in range(2):
        _case(*args, complaint, PREFERS_NOT)
    for _ in range(8):
        _case(*args, complaint)
    for _ in range(5):
        _case(*args, comment)
    # Outside the year: counted nowhere.
    CaseFactory(organisation=organisation, service=housing, received_at=RECEIVED.replace(year=2024))


def _section(report, field):
    return next(s for s in report.sections if s.characteristic.field == field)


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_who_gave_feedback_by_sex_with_the_two_hidden(organisation, dataset):
    who = _section(equality_report(organisation=organisation, period=YEAR), "sex").who
    assert who.columns == ["Sex", "Complaint", "Comment or suggestion", "Compliment", "Total"]
    # The 2 (and its row total) are withheld; so are the female complaints and total, the
    # next smallest in the complaints and total columns: 23 - 7 - 8 no longer gives the 2.
    assert _rows(who) == {
        "Female": [WITHHELD, 5, 0, WITHHELD],
        "Male": [7, 6, 0, 13],
        "Prefer not to say": [WITHHELD, 0, 0, WITHHELD],
        "Did not answer the questions": [8, 5, 0, 13],
        "Total": [23, 16, 0, 39],
    }


def test_outcomes_count_the_final_stage(organisation, dataset):
    outcome = _section(equality_report(organisation=organisation, period=YEAR), "sex").outcome
    assert outcome.columns == ["Sex", "Upheld", "Partly upheld", "Not upheld", "Total"]
    assert _rows(outcome) == {
        "Female": [6, 0, 0, 6],
        "Male": [0, 0, 7, 7],
        "Prefer not to say": [0, 0, 0, 0],
        "Total": [6, 0, 7, 13],
    }


def test_ethnic_groups_are_counted_by_census_heading(organisation, dataset):
    who = _section(equality_report(organisation=organisation, period=YEAR), "ethnic_group").who
    assert _rows(who)["White"] == [13, 11, 0, 24]
    assert _rows(who)["Asian or Asian British"] == [0, 0, 0, 0]


def test_by_service(organisation, dataset, housing, planning):
    service = _section(equality_report(organisation=organisation, period=YEAR), "sex").service
    housing_column = service.columns.index(housing.name)
    planning_column = service.columns.index(planning.name)
    rows = {row[0]: row for row in service.rows}
    assert rows["Total"][housing_column] == 11  # the female feedback
    assert rows["Total"][planning_column] == 15  # male 13, prefer not to say 2
    assert rows["Total"][-1] == 26
    assert rows["Prefer not to say"][planning_column] == WITHHELD
    # The 2 in Planning is protected in its column, and its row total in the totals column.
    assert rows["Male"][planning_column] == WITHHELD
    assert rows["Female"][-1] == WITHHELD


def test_the_headline_counts(organisation, dataset):
    report = equality_report(organisation=organisation, period=YEAR)
    assert (report.answered, report.not_answered) == (26, 13)


def test_the_report_costs_a_fixed_number_of_queries(
    organisation, dataset, django_assert_num_queries
):
    """One query for the answers to all nine characteristics, one for the feedback nobody
    answered about, one for the services."""
    with django_assert_num_queries(3):
        equality_report(organisation=organisation, period=YEAR)


def test_who_may_read_the_report(
    client, dataset, committee_member, complaints_manager, planning_officer
):
    url = reverse("reporting:equality", args=["2025-26"])
    assert "sign-in" in client.get(url)["Location"] or "login" in client.get(url)["Location"]
    client.force_login(planning_officer)
    assert client.get(url).status_code == 403
    client.force_login(committee_member)
    html = client.get(url).text
    assert "Who gave feedback: Sex" in html
    assert WITHHELD in html
    client.force_login(complaints_manager)
    assert client.get(reverse("reporting:equality_index")).status_code == 200


def test_the_committee_and_annual_reports_carry_the_section(client, dataset, complaints_manager):
    client.force_login(complaints_manager)
    committee = client.get(reverse("reporting:report", args=["annual", "2025-26"])).text
    annual = client.get(reverse("reporting:annual", args=[2025])).text
    for html in (committee, annual):
        assert "Equality monitoring" in html
        assert "Who gave feedback: Sex" in html
        assert "Outcome of complaints: Sex" in html


def test_the_annual_committee_pack_prints_the_section(client, dataset, complaints_manager):
    from tests.pdf_layout import pdf_text

    client.force_login(complaints_manager)
    response = client.get(reverse("reporting:annual_pdf", args=[2025]))
    text = pdf_text(response.content)
    assert "Equality monitoring" in text
    assert "Who gave feedback: Sex" in text
    assert WITHHELD in text


def test_the_committee_report_pdf_prints_the_section_on_the_paper(
    client, dataset, complaints_manager
):
    """The committee's printed pack carries the equality tables the page shows, withheld
    figures as "withheld", every character inside the printable area."""
    from tests.pdf_layout import chars_outside_printable_area, pdf_text

    client.force_login(complaints_manager)
    response = client.get(reverse("reporting:report_pdf", args=["annual", "2025-26"]))
    text = pdf_text(response.content)
    assert "Equality monitoring" in text
    assert "Who gave feedback: Sex" in text
    assert "Outcome of complaints: Sex" in text
    assert WITHHELD in text
    assert chars_outside_printable_area(response.content) == []


def test_the_committee_report_pdf_leaves_the_section_out_without_the_permission(
    client, dataset, complaints_officer
):
    """A reader given the statistics alone (a council may grant it to anyone) gets the report
    without the equality tables."""
    from django.contrib.auth.models import Permission

    from tests.pdf_layout import pdf_text

    complaints_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="feedback", codename="view_statistics")
    )
    reader = type(complaints_officer).objects.get(pk=complaints_officer.pk)
    assert not reader.has_perm("equality.report_equality")
    client.force_login(reader)
    response = client.get(reverse("reporting:report_pdf", args=["annual", "2025-26"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Complaints" in text
    assert "Equality monitoring" not in text


@pytest.mark.parametrize(
    ("kind", "period"), [("standards", "2025-26-h1"), ("cabinet", "2025-26-q2")]
)
def test_the_half_year_and_quarterly_pdfs_print_the_section_on_the_paper(
    client, dataset, complaints_manager, kind, period
):
    """The Standards Committee's half-year and Cabinet's quarterly packs, as the annual one:
    the equality tables inside the printable area, small figures "withheld"."""
    from pathlib import Path

    from django.conf import settings

    from tests.pdf_layout import chars_outside_printable_area, pdf_text

    client.force_login(complaints_manager)
    response = client.get(reverse("reporting:report_pdf", args=[kind, period]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Equality monitoring" in text
    assert "Who gave feedback: Sex" in text
    assert WITHHELD in text
    assert chars_outside_printable_area(response.content) == []
    screenshots = Path(settings.BASE_DIR) / "var" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    (screenshots / f"report-{kind}-equality.pdf").write_bytes(response.content)


def test_a_stage_outcome_of_feedback_other_than_a_complaint_is_in_no_outcome_table(
    organisation, dataset
):
    """The outcome tables are of complaints: a comment with an answered stage (the database
    allows it) counts in the who and service tables, and in no outcome table."""
    before = _section(equality_report(organisation=organisation, period=YEAR), "sex")
    male = {**PREFERS_NOT, "sex": "male", "ethnic_group": "white_british"}
    planning = ServiceArea.objects.get(slug="planning-and-development")
    web_form = Channel.objects.get(slug="web-form")
    for _ in range(5):
        _case(organisation, planning, web_form, FeedbackKind.COMMENT, male, ["upheld"])
    after = _section(equality_report(organisation=organisation, period=YEAR), "sex")
    assert after.outcome.rows == before.outcome.rows
    assert _rows(after.who)["Male"] == [7, 11, 0, 18]

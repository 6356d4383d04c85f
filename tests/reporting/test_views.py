"""Access to every report, the public page's suppression, the downloads and the PDF."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from pypdf import PdfReader

from reporting.charts import grouped_bars
from reporting.selectors import Table
from tests.pdf_layout import pdf_text

pytestmark = pytest.mark.django_db

H1 = {"kind": "standards", "period": "2025-26-h1"}


@pytest.fixture(autouse=True)
def _pinned(time_machine):
    time_machine.move_to(datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London")))


def report_urls():
    return [
        reverse("reporting:index"),
        reverse("reporting:report", kwargs=H1),
        reverse("reporting:report", kwargs={"kind": "cabinet", "period": "2025-26-q2"}),
        reverse("reporting:report", kwargs={"kind": "annual", "period": "2024-25"}),
        reverse("reporting:report", kwargs={"kind": "range", "period": "2025-05-01--2025-05-31"}),
        reverse("reporting:report_pdf", kwargs=H1),
        reverse("reporting:download", kwargs={**H1, "table": "summary", "fmt": "csv"}),
        reverse("reporting:download", kwargs={**H1, "table": "services", "fmt": "xlsx"}),
        reverse("reporting:introduction", kwargs=H1),
    ]


@pytest.mark.parametrize("index", range(9))
def test_the_public_is_sent_to_sign_in(client, organisation, index):
    response = client.get(report_urls()[index])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("officer:login"))


@pytest.mark.parametrize("who", ["housing_officer", "planning_officer", "complaints_officer"])
@pytest.mark.parametrize("index", range(9))
def test_officers_without_the_statistics_permission_are_refused(client, request, who, index):
    client.force_login(request.getfixturevalue(who))
    assert client.get(report_urls()[index]).status_code == 403


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4, 6, 7])
def test_committee_members_read_every_report(client, committee_member, dataset, index):
    """(The PDF is read by both: the committee member's in test_pdf_layout.py, the complaints
    manager's below.)"""
    client.force_login(committee_member)
    assert client.get(report_urls()[index]).status_code == 200


@pytest.mark.parametrize("index", [0, 1, 6])
def test_the_complaints_manager_reads_reports(client, complaints_manager, dataset, index):
    client.force_login(complaints_manager)
    assert client.get(report_urls()[index]).status_code == 200


def test_committee_members_see_no_cases(client, committee_member, dataset):
    """Reports and nothing else: the case list and a case page are refused."""
    client.force_login(committee_member)
    assert client.get(reverse("officer:case_list")).status_code == 403
    case_url = reverse("officer:case_detail", kwargs={"reference": dataset["C1"].reference})
    assert client.get(case_url).status_code == 403


def test_only_the_complaints_manager_writes_the_introduction(
    client, committee_member, complaints_manager
):
    url = reverse("reporting:introduction", kwargs=H1)
    client.force_login(committee_member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Mine"}).status_code == 403
    client.force_login(complaints_manager)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Complaints rose after the bin-round change."})
    assert response.status_code == 302
    page = client.get(reverse("reporting:report", kwargs=H1))
    assert "Complaints rose after the bin-round change." in page.content.decode()
    from reporting.models import ReportIntroduction

    saved = ReportIntroduction.objects.get()
    assert (saved.report_kind, str(saved.period_start), str(saved.period_end)) == (
        "standards",
        "2025-04-01",
        "2025-09-30",
    )
    assert saved.updated_by == complaints_manager


def test_an_empty_introduction_shows_the_error_summary(client, complaints_manager):
    client.force_login(complaints_manager)
    response = client.post(reverse("reporting:introduction", kwargs=H1), {"text": "  "})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".govuk-error-summary a[href='#id_text']").text == (
        "Enter the introduction"
    )


def test_a_report_refuses_a_period_of_the_wrong_length(client, committee_member):
    client.force_login(committee_member)
    url = reverse("reporting:report", kwargs={"kind": "standards", "period": "2025-26-q1"})
    assert client.get(url).status_code == 404
    url = reverse("reporting:report", kwargs={"kind": "nonsense", "period": "2025-26-h1"})
    assert client.get(url).status_code == 404


def test_the_index_turns_a_date_range_into_a_report(client, committee_member):
    client.force_login(committee_member)
    response = client.get(
        reverse("reporting:index"),
        {
            "start_day": "1",
            "start_month": "5",
            "start_year": "2025",
            "end_day": "31",
            "end_month": "5",
            "end_year": "2025",
        },
    )
    assert response["Location"] == reverse(
        "reporting:report", kwargs={"kind": "range", "period": "2025-05-01--2025-05-31"}
    )
    response = client.get(
        reverse("reporting:index"),
        {
            "start_day": "31",
            "start_month": "2",
            "start_year": "2025",
            "end_day": "1",
            "end_month": "1",
            "end_year": "2025",
        },
    )
    assert "Enter a real start date" in response.content.decode()


def _summary_rows(content: bytes) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows}


def test_the_summary_csv_holds_the_hand_counted_figures(client, committee_member, dataset):
    client.force_login(committee_member)
    response = client.get(
        reverse("reporting:download", kwargs={**H1, "table": "summary", "fmt": "csv"})
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = _summary_rows(response.content)
    assert rows["Measure"] == [
        "This period",
        "Previous period",
        "Change on previous period",
        "Same period a year earlier",
        "Change on a year earlier",
    ]
    assert rows["Feedback received (all kinds)"] == ["16", "7", "9", "4", "12"]
    assert rows["Stage 1 % answered within the deadline"] == [
        "71.4",
        "100.0",
        "-28.6",
        "100.0",
        "-28.6",
    ]
    assert rows["Stage 1 median working days to respond"] == ["15.0", "10.0", "5.0", "13.0", "2.0"]
    assert rows["Stage 2 reviews answered"] == ["1", "0", "1", "0", "1"]
    assert rows["Compensation paid (£)"] == ["215.50", "0.00", "215.50", "0.00", "215.50"]


def test_every_table_downloads_as_csv_and_xlsx(client, committee_member, dataset):
    client.force_login(committee_member)
    for table in (
        "summary",
        "services",
        "kinds",
        "categories",
        "grounds",
        "channels",
        "compliments",
        "outcomes",
        "compensation",
    ):
        for fmt in ("csv", "xlsx"):
            url = reverse("reporting:download", kwargs={**H1, "table": table, "fmt": fmt})
            response = client.get(url)
            assert response.status_code == 200, (table, fmt)
    response = client.get(
        reverse("reporting:download", kwargs={**H1, "table": "services", "fmt": "xlsx"})
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert rows["Housing"][:5] == (5, 1, 1, 4, 5)
    assert rows["Housing"][5] == 60.0
    assert rows["Whole council"][-1] == 215.5
    missing = client.get(
        reverse("reporting:download", kwargs={**H1, "table": "nothing", "fmt": "csv"})
    )
    assert missing.status_code == 404


def test_downloads_neutralise_formulas(client, committee_member, dataset, housing):
    housing.name = '=HYPERLINK("http://evil.example")'
    housing.save()
    client.force_login(committee_member)
    response = client.get(
        reverse("reporting:download", kwargs={**H1, "table": "services", "fmt": "csv"})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert not any(name.startswith("=") for name in names)
    xlsx = client.get(
        reverse("reporting:download", kwargs={**H1, "table": "services", "fmt": "xlsx"})
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A6"].value.startswith("'=") or any(
        str(c.value).startswith("'=") for c in sheet["A"]
    )
    assert not any(str(c.value).startswith("=") for c in sheet["A"])


def test_the_pdf_is_tagged_and_carries_the_figures(client, complaints_manager, dataset):
    client.force_login(complaints_manager)
    client.post(reverse("reporting:introduction", kwargs=H1), {"text": "Our intro for H1."})
    response = client.get(reverse("reporting:report_pdf", kwargs=H1))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Standards Committee report" in text
    assert "Our intro for H1." in text
    assert "Feedback received (all kinds)" in text
    assert "Compensation paid by service" in text
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"


def test_the_report_page_shows_charts_with_their_tables(client, committee_member, dataset):
    client.force_login(committee_member)
    response = client.get(reverse("reporting:report", kwargs=H1))
    soup = BeautifulSoup(response.content, "html.parser")
    charts = soup.select(".app-chart")
    assert len(charts) == 4
    for chart in charts:
        svg = chart.select_one("svg")
        assert svg["role"] == "img"
        # Text stays text, so the chart reads without colour and without the picture.
        assert svg.select("text")
        assert chart.select_one("table")
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert soup.select_one("#table-summary")


def test_every_series_has_a_hatch_of_its_own_drawn_with_few_lines():
    """Nothing depends on colour alone; and no hatch is a lattice of shapes (matplotlib's dots
    made a chart 164 KB, drawn again by WeasyPrint for every bar of a report PDF)."""
    table = Table("t", "Stage 1", ["Service", "Received", "In time", "Late"], [["Waste", 9, 7, 2]])
    chart = grouped_bars(slug="t", title="Stage 1", table=table, series=[1, 2, 3], value_label="n")
    patterns = BeautifulSoup(chart.svg, "html.parser").select("pattern")
    assert len({pattern.select_one("path")["d"] for pattern in patterns}) == 2
    assert len(chart.svg) < 40_000


def test_the_public_page_suppresses_small_counts(client, dataset):
    response = client.get(reverse("reporting:public"), {"period": "2025-26-h1"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        tr.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in tr("td")]
        for tr in soup.select("#table-summary tbody tr")
    }
    assert rows["Feedback received (all kinds)"] == ["16", "7", "fewer than 5"]
    assert rows["Complaints received"] == ["10", "5", "fewer than 5"]
    assert rows["Comments and suggestions received"][0] == "fewer than 5"
    assert rows["% of feedback reaching a formal stage"][0] == "43.8"
    # 3 of 13 resolved at first contact: the rate would reveal a count below 5.
    assert rows["First-contact resolution rate (%)"][0] == "not shown (small numbers)"
    # 5 of 7 in time: timeliness is the council's own performance, shown once 5 answers lie
    # behind it, though the 2 late answers could be worked out (reporting.tables.TIMELINESS_RATES).
    assert rows["Stage 1 % answered within the deadline"][0] == "71.4"
    assert rows["Stage 1 average working days to respond"][0] == "14.9"
    assert rows["Compensation paid (£)"][0] == "not shown (small numbers)"
    services = {
        tr.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in tr("td")]
        for tr in soup.select("#table-services tbody tr")
    }
    assert services["Housing"] == [
        "5",
        "fewer than 5",
        "fewer than 5",
        "5",
        "60.0",
        "fewer than 5",
    ]
    ombudsman = {
        tr.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in tr("td")]
        for tr in soup.select("#table-ombudsman tbody tr")
    }
    assert ombudsman["Decisions made by the Ombudsman"][0] == "fewer than 5"
    assert "Compensation paid on the Ombudsman's recommendation (£)" not in ombudsman
    page = response.content.decode()
    for case in dataset.values():
        assert case.reference not in page
        assert case.customer.email not in page


def test_the_public_page_defaults_to_the_latest_half_and_downloads(client, dataset):
    response = client.get(reverse("reporting:public"))
    assert "April to September 2025/26" in response.content.decode()
    csv_response = client.get(
        reverse(
            "reporting:public_download",
            kwargs={"period": "2025-26-h1", "table": "summary", "fmt": "csv"},
        )
    )
    rows = _summary_rows(csv_response.content)
    assert rows["Comments and suggestions received"][0] == "fewer than 5"
    assert client.get(reverse("reporting:public"), {"period": "2019-20-h1"}).status_code == 404


def test_money_reads_in_pounds_and_pence_even_when_nothing_was_paid(
    client, committee_member, dataset
):
    client.force_login(committee_member)
    soup = BeautifulSoup(client.get(reverse("reporting:report", kwargs=H1)).content, "html.parser")
    row = next(
        tr
        for tr in soup.select("#table-summary tbody tr")
        if tr.select_one("th").get_text(strip=True) == "Compensation paid (£)"
    )
    cells = [td.get_text(strip=True) for td in row("td")]
    assert cells[:2] == ["£215.50", "£0.00"]


def test_stage_2_timeliness_is_published_despite_one_late_answer():
    """Under the general rule one late answer (12 of 13 in time) hid the percentage in every
    period; fewer than 5 answers still hide it, and other rates keep the general rule."""
    from reporting.tables import NOT_SHOWN, Line, public_value

    def bucket(answered, in_time):
        return {
            "s2_answered": {"current": answered},
            "s2_in_time": {"current": in_time},
            "s2_in_time_rate": {"current": round(100 * in_time / answered, 1)},
        }

    rate = Line("Stage 2 % answered within the deadline", "s2_in_time_rate", "rate")
    assert public_value(bucket(13, 12), rate, "current") == 92.3
    assert public_value(bucket(4, 3), rate, "current") == NOT_SHOWN
    first_contact = {
        "first_contact": {"current": 12},
        "resolvable": {"current": 13},
        "first_contact_rate": {"current": 92.3},
    }
    line = Line("First-contact resolution rate (%)", "first_contact_rate", "rate")
    assert public_value(first_contact, line, "current") == NOT_SHOWN


def test_the_public_page_explains_the_suppression_rule(client, organisation):
    page = client.get(reverse("reporting:public")).content.decode()
    assert "at least 5 answers lie behind them" in page
    assert "fewer than 5" in page

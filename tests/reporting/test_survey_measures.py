"""Satisfaction survey measures for April-September 2025, against figures counted by hand from
the invitations below (never by calling the code under test), and the small-number rule every
report applies to survey answers."""

import pytest
from django.urls import reverse

from reporting.selectors import report_get
from reporting.tables import FEWER_THAN_5, NOT_SHOWN
from surveys.models import SurveyInvitation

from .conftest import at

pytestmark = pytest.mark.django_db

NO = None  # not answered
PNS = 0  # prefer not to say

# (n, case, stage, sent at (London), outcome, handling). Services and channels from conftest:
# C1, C5, C6, C9, M1 Housing/web; C2 Housing/telephone; C4 Planning/letter; C10 Planning/web;
# M2 Planning/letter; M3 Leisure/web; C7, C8 Leisure/telephone; P2 Planning/web.
# fmt: off
INVITATIONS = [
    (1, "C1", 1, "2025-04-20 10:00", 1, 1),
    (2, "C1", 0, "2025-04-02 10:00", 2, 2),
    (3, "C5", 1, "2025-07-30 10:00", 5, 4),
    (4, "C9", 0, "2025-04-01 00:30", 2, 1),  # 23:30 UTC on 31 March: still this period
    (5, "M1", 0, "2025-05-01 10:00", 1, 2),
    (6, "C6", 1, "2025-07-10 10:00", PNS, 2),
    (7, "C5", 0, "2025-06-03 10:00", NO, NO),
    (8, "C9", 1, "2025-09-12 10:00", 1, 5),
    (9, "C2", 1, "2025-05-13 10:00", 4, 3),
    (10, "C2", 2, "2025-06-17 10:00", NO, NO),
    (11, "C4", 1, "2025-07-09 10:00", 1, 1),
    (12, "C10", 1, "2025-05-22 10:00", NO, NO),
    (13, "C1", 2, "2025-10-01 00:10", 1, 1),  # the next period
    (14, "P2", 1, "2025-03-31 23:30", 1, 1),  # the previous period
    (15, "M3", 0, "2025-09-21 10:00", 4, 4),
    (16, "C7", 0, "2025-08-07 10:00", 5, 5),
    (17, "C8", 0, "2025-08-07 10:00", 3, 3),
    (18, "M2", 0, "2025-09-10 10:00", 2, 4),
    (19, "C10", 0, "2025-06-20 10:00", 5, 2),
    (20, "M3", 1, "2025-09-22 10:00", NO, NO),
    (21, "C7", 1, "2025-08-08 10:00", NO, NO),
]
# fmt: on


@pytest.fixture
def surveys(dataset):
    for _, ref, stage, sent, outcome, handling in INVITATIONS:
        case = dataset[ref]
        SurveyInvitation.objects.create(
            organisation=case.organisation,
            case=case,
            stage=stage,
            sent_at=at(sent),
            answered_at=None if outcome is NO else at(sent).replace(hour=18),
            outcome=outcome,
            handling=handling,
        )


@pytest.fixture
def report(organisation, surveys, h1_2025):
    return report_get(organisation=organisation, kind="standards", period=h1_2025)


def rows_of(table):
    return {row[0]: dict(zip(table.columns[1:], row[1:], strict=True)) for row in table.rows}


def values(bucket, key):
    return tuple(bucket.get(key, {}).get(p) for p in ("current", "previous", "year_earlier"))


def test_survey_measures_match_the_hand_count(report):
    figures = report.figures
    council = figures.council
    # This period: 1-12 and 15-21 (19); the previous period: 14; 13 is in the next period.
    assert values(council, "surveys_sent") == (19, 1, None)
    # Answered: 1-6, 8, 9, 11, 15-19 (14); 7, 10, 12, 20, 21 not.
    assert values(council, "surveys_answered") == (14, 1, None)
    # Outcome on the scale: the 14 answered less 6 (prefer not to say): 13; satisfied (1 or
    # 2): 1, 2, 4, 5, 8, 11, 18: 7.
    assert council["outcome_rated"]["current"] == 13
    assert council["outcome_satisfied"]["current"] == 7
    # Handling: all 14 answered on the scale; satisfied: 1, 2, 4, 5, 6, 11, 19: 7.
    assert council["handling_rated"]["current"] == 14
    assert council["handling_satisfied"]["current"] == 7
    assert council["survey_response_rate"]["current"] == 73.7  # 14 / 19
    assert council["outcome_satisfied_rate"]["current"] == 53.8  # 7 / 13
    assert council["handling_satisfied_rate"]["current"] == 50.0  # 7 / 14

    names = {name: pk for pk, name in figures.names["service"].items()}
    housing = figures.by_service[names["Housing"]]
    # Housing: 1-10; answered 1-6, 8, 9; outcome rated 1-5, 8, 9 (7), satisfied 1, 2, 4, 5, 8.
    assert housing["surveys_sent"]["current"] == 10
    assert housing["surveys_answered"]["current"] == 8
    assert housing["outcome_rated"]["current"] == 7
    assert housing["outcome_satisfied"]["current"] == 5
    assert housing["handling_satisfied"]["current"] == 5  # 1, 2, 4, 5, 6
    planning = figures.by_service[names["Planning and Development"]]
    assert values(planning, "surveys_sent") == (4, 1, None)  # 11, 12, 18, 19; P2 before

    channels = {name: pk for pk, name in figures.names["channel"].items()}
    web = figures.by_channel[channels["Web form"]]
    # Web: 1-8, 12, 15, 19, 20 (12); answered 1-6, 8, 15, 19 (9).
    assert web["surveys_sent"]["current"] == 12
    assert web["surveys_answered"]["current"] == 9
    assert (
        figures.by_channel[channels["Telephone"]]["surveys_sent"]["current"] == 5
    )  # 9 10 16 17 21
    assert figures.by_channel[channels["Letter"]]["surveys_sent"]["current"] == 2  # 11, 18


def test_the_satisfaction_tables_suppress_small_numbers(report):
    by_service = rows_of(report.tables["satisfaction_service"])
    council = by_service["Whole council"]
    assert council["Surveys sent"] == 19
    assert council["Surveys answered"] == 14
    assert council["Response rate (%)"] == 73.7  # 14 of 19: 5 not answered
    assert council["% satisfied with the outcome"] == 53.8  # 7 of 13, 6 not satisfied
    assert council["% satisfied with how it was handled"] == 50.0  # 7 of 14
    housing = by_service["Housing"]
    assert housing["Surveys sent"] == 10
    assert housing["Surveys answered"] == 8
    # 8 of 10 would reveal the 2 who did not answer; 5 of 7 the 2 not satisfied.
    assert housing["Response rate (%)"] == NOT_SHOWN
    assert housing["% satisfied with the outcome"] == NOT_SHOWN
    planning = by_service["Planning and Development"]
    assert planning["Surveys sent"] == FEWER_THAN_5
    assert planning["% satisfied with the outcome"] == NOT_SHOWN
    by_channel = rows_of(report.tables["satisfaction_channel"])
    assert by_channel["Web form"]["Surveys sent"] == 12
    assert by_channel["Web form"]["Surveys answered"] == 9
    assert by_channel["Web form"]["Response rate (%)"] == NOT_SHOWN  # 3 not answered
    assert by_channel["Letter"]["Surveys sent"] == FEWER_THAN_5
    assert by_channel["Telephone"]["Surveys answered"] == FEWER_THAN_5


def test_the_committee_cabinet_and_annual_reports_show_satisfaction(
    client, complaints_manager, surveys
):
    client.force_login(complaints_manager)
    definitions = client.get(reverse("reporting:report", args=["standards", "2025-26-h1"])).text
    assert "Survey invitations whose <code>sent_at</code>" in definitions
    for url in (
        reverse("reporting:report", args=["standards", "2025-26-h1"]),
        reverse("reporting:report", args=["cabinet", "2025-26-q2"]),
        reverse("reporting:annual", args=[2025]),
    ):
        text = client.get(url).text
        assert "Customer satisfaction by service" in text, url
        assert "Customer satisfaction by channel" in text, url
        assert "Satisfied means" in text, url


def _public_rows(client, table):
    from bs4 import BeautifulSoup

    response = client.get(reverse("reporting:public"), {"period": "2025-26-h1"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        tr.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in tr("td")]
        for tr in soup.select(f"#table-{table} tbody tr")
    }


def test_the_public_page_shows_council_wide_satisfaction(client, surveys):
    rows = _public_rows(client, "satisfaction")
    # This period against the hand count above; the previous period holds invitation 14 only
    # (one sent, one answered: fewer than 5, its rates withheld); none a year earlier.
    assert rows["Surveys sent"] == ["19", "fewer than 5", "fewer than 5"]
    assert rows["Surveys answered"] == ["14", "fewer than 5", "fewer than 5"]
    assert rows["Response rate (%)"][:2] == ["73.7", "not shown (small numbers)"]
    assert rows["% satisfied with the outcome"][:2] == ["53.8", "not shown (small numbers)"]
    assert rows["% satisfied with how it was handled"][:2] == [
        "50.0",
        "not shown (small numbers)",
    ]
    # Council-wide only: no service or channel split on the public page.
    page = client.get(reverse("reporting:public"), {"period": "2025-26-h1"}).text
    assert "Customer satisfaction by service" not in page
    assert "Satisfied means" in page


def test_public_satisfaction_withholds_a_rate_that_would_reveal_a_small_count(
    client, organisation, surveys
):
    # Answer every unanswered survey of this period but one: 18 of 19 answered would reveal
    # the 1 who did not, so the response rate is withheld while the counts still show.
    unanswered = SurveyInvitation.objects.filter(
        answered_at__isnull=True, sent_at__gte=at("2025-04-01 00:00")
    ).exclude(case__reference__endswith="C7")
    for invitation in unanswered:
        invitation.answered_at = invitation.sent_at
        invitation.outcome = 1
        invitation.handling = 1
        invitation.save()
    rows = _public_rows(client, "satisfaction")
    assert rows["Surveys sent"][0] == "19"
    assert rows["Surveys answered"][0] == "18"
    assert rows["Response rate (%)"][0] == "not shown (small numbers)"

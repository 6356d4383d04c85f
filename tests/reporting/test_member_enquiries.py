"""Enquiries from councillors and MPs, counted apart by service: figures counted by hand from
conftest.py's dataset with five of its cases marked as raised by a member (and one by a
relative, which is not a member enquiry)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from feedback.models import Case, RepresentativeKind
from reporting.measures import figures_compute
from reporting.tables import tables_build

pytestmark = pytest.mark.django_db

MEMBERS = {
    # C1 Housing: Stage 1 answered 17 April 2025, in time.
    "REF-C1": RepresentativeKind.COUNCILLOR,
    # C5 Housing: Stage 1 answered 30 June 2025, late.
    "REF-C5": RepresentativeKind.MP,
    # C4 Planning: Stage 1 answered 8 July 2025, in time (extended).
    "REF-C4": RepresentativeKind.MS,
    # M3 Leisure: a comment, no stage.
    "REF-M3": RepresentativeKind.COUNCILLOR,
    # P1 Housing: received in the previous period, Stage 1 answered 28 April 2025, late.
    "REF-P1": RepresentativeKind.COUNCILLOR,
    # C3 Planning: a daughter acting for her father is not a member enquiry.
    "REF-C3": RepresentativeKind.FAMILY,
}


@pytest.fixture
def members(dataset):
    for reference, kind in MEMBERS.items():
        Case.objects.filter(reference=reference).update(
            representative_kind=kind, representative_name="Someone"
        )


@pytest.fixture
def figures(organisation, members, h1_2025):
    return figures_compute(organisation=organisation, period=h1_2025)


def _current(bucket, key):
    return bucket.get(key, {}).get("current")


def test_member_enquiries_by_service_and_for_the_council(figures):
    names = {v: k for k, v in figures.names["service"].items()}
    housing = figures.by_service[names["Housing"]]
    planning = figures.by_service[names["Planning and Development"]]
    leisure = figures.by_service[names["Leisure"]]
    council = figures.council
    assert _current(council, "member_enquiries") == 4  # C1, C5, C4, M3
    assert council["member_enquiries"]["previous"] == 1  # P1
    assert [_current(b, "member_enquiries") for b in (housing, planning, leisure)] == [2, 1, 1]
    assert _current(council, "s1_member_answered") == 4  # C1, C5, C4, P1
    assert _current(council, "s1_member_in_time") == 2  # C1, C4
    assert _current(council, "member_in_time_rate") == 50.0
    assert _current(housing, "s1_member_answered") == 3
    assert _current(housing, "member_in_time_rate") == 33.3
    assert _current(planning, "member_in_time_rate") == 100.0
    assert _current(leisure, "s1_member_answered") is None


def test_the_committee_report_has_a_member_enquiries_table(
    client, committee_member, members, time_machine
):
    time_machine.move_to(datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London")))
    client.force_login(committee_member)
    page = client.get(
        reverse("reporting:report", kwargs={"kind": "standards", "period": "2025-26-h1"})
    )
    table = BeautifulSoup(page.content, "html.parser").select_one("#table-member_enquiries")
    rows = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    }
    assert rows["Housing"][:3] == ["2", "3", "1"]
    assert rows["Leisure"][:2] == ["1", "0"]
    assert rows["Whole council"][:3] == ["4", "4", "2"]
    assert "Revenues and Benefits" not in rows


def test_the_table_lists_only_services_members_wrote_about(organisation, members, h1_2025):
    table = tables_build(figures_compute(organisation=organisation, period=h1_2025))
    services = [row[0] for row in table["member_enquiries"].rows]
    assert set(services[:-1]) == {"Housing", "Planning and Development", "Leisure"}
    assert services[-1] == "Whole council"

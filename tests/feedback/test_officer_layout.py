"""What an officer sees, measured in Chromium: at 1280 px and 375 px no table cell of the
dashboard, the case list or the case page lies outside its box (nothing clipped or hidden off
the edge of a scroll box), and the case page's next step is above the fold at 1280 x 800."""

from datetime import date, timedelta

import pytest

from feedback.states import CaseState
from tests.browser import clipped_cells, session_share
from tests.feedback.officer_helpers import NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Repairs to the communal heating in the tower block not done after many reports"


@pytest.fixture
def caseload(make_case, complaints_officer, housing_officer):
    cases = [
        make_case(
            state=CaseState.STAGE1,
            summary=LONG,
            assigned_to=complaints_officer,
            respond_by=date(2026, 3, 2),  # overdue: the Overdue tag must be seen
            received_at=NOW - timedelta(days=30),
        ),
        make_case(state=CaseState.RECEIVED, summary="Missed bin collection on Elm Street"),
        make_case(state=CaseState.STAGE2, summary=LONG, respond_by=date(2026, 3, 12)),
    ]
    for day in range(1, 10):
        make_case(
            state=CaseState.STAGE1,
            summary=f"{LONG} ({day})",
            assigned_to=housing_officer,
            respond_by=date(2026, 3, 10 + day),
        )
    return cases


def _open(page, live_server, path):
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")


def test_no_table_cell_is_clipped_at_desktop_or_phone_widths(
    live_server, page, client, caseload, complaints_manager
):
    session_share(page.context, live_server, client, complaints_manager)
    problems = []
    for path in ("/officer/", "/officer/cases/", f"/officer/cases/{caseload[0].reference}/"):
        _open(page, live_server, path)
        problems += [f"{path} {p}" for w in (1280, 375) for p in clipped_cells(page, w)]
    assert problems == []


def test_every_case_list_column_and_the_overdue_tag_are_seen_at_1280(
    live_server, page, client, caseload, complaints_officer
):
    session_share(page.context, live_server, client, complaints_officer)
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, live_server, "/officer/cases/")
    table = page.locator("#case-table")
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= 1280
    for heading in ("Reference", "Customer", "Summary", "Received", "Respond by"):
        box = table.get_by_role("columnheader", name=heading).bounding_box()
        assert box["x"] >= 0, heading
        assert box["x"] + box["width"] <= 1280, heading
    tag = table.locator(".govuk-tag", has_text="Overdue").first
    box = tag.bounding_box()
    assert box["x"] + box["width"] <= 1280
    # Full width, not the 960px column: the table is wider than the old container.
    assert table.bounding_box()["width"] > 900


def test_the_next_step_is_above_the_fold_on_the_case_page(
    live_server, page, client, caseload, complaints_officer
):
    session_share(page.context, live_server, client, complaints_officer)
    page.set_viewport_size({"width": 1280, "height": 800})
    received = caseload[1]
    _open(page, live_server, f"/officer/cases/{received.reference}/")
    for locator in (
        page.locator("#case-state"),
        page.get_by_role("heading", name="What you can do now"),
        page.get_by_role("button", name="Accept as a Stage 1 complaint"),
        page.get_by_role("heading", name="What the customer told us"),
    ):
        box = locator.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 800, locator


def test_saved_views_and_a_member_enquiry_are_above_the_fold_at_both_widths(
    live_server, page, client, caseload, complaints_officer
):
    from feedback.models import Case, SavedCaseView

    for number in range(1, 6):
        SavedCaseView.objects.create(
            owner=complaints_officer, name=f"A rather long view name {number}", query="state=open"
        )
    member = caseload[0]
    Case.objects.filter(pk=member.pk).update(
        representative_kind="mp",
        representative_name="Daniel Okafor MP",
        representative_area="Exampletown and Riverside",
        representative_consent_on=date(2026, 3, 1),
    )
    session_share(page.context, live_server, client, complaints_officer)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        _open(page, live_server, "/officer/cases/")
        links = page.locator("#saved-views li")
        assert links.count() == 5
        for index in range(5):
            box = links.nth(index).bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width, (width, index)
        # Above the filters and the list, so a phone sees them first.
        assert links.nth(0).bounding_box()["y"] < 800
        _open(page, live_server, f"/officer/cases/{member.reference}/")
        panel = page.locator("#member-enquiry").bounding_box()
        assert panel["x"] + panel["width"] <= width
        assert panel["y"] + panel["height"] <= 800, width  # seen without scrolling
    assert clipped_cells(page, 375) == []

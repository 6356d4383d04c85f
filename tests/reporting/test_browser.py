"""The published statistics and a committee member's report in Chromium with their CSS and
JavaScript, axe checking each."""

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, overflow_on_a_phone, session_share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_published_statistics(live_server, page, dataset):
    page.goto(live_server.url + "/statistics/?period=2025-26-h1")
    expect(
        page.get_by_role("heading", name="April to September 2025/26", exact=False)
    ).to_be_visible()
    assert axe_violations(page) == []
    assert overflow_on_a_phone(page) == 0  # wide tables scroll in their own box


def test_a_committee_members_report(
    live_server, browser_context, client, dataset, committee_member
):
    context = browser_context()
    session_share(context, live_server, client, committee_member)
    page = context.new_page()
    page.goto(live_server.url + "/statistics/reports/standards/2025-26-h1/")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    assert axe_violations(page) == []
    assert overflow_on_a_phone(page) == 0  # wide tables scroll in their own box

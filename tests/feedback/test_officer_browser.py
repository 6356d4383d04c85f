"""The officer's pages in Chromium with their CSS and JavaScript, axe checking each:
sign in, the dashboard, the case list and a case."""

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, overflow_on_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def complaint(make_case):
    return make_case(
        kind="complaint",
        summary="Boiler repair not done",
        description="The boiler has been broken since October and nobody has come to fix it.",
    )


def test_sign_in_dashboard_case_list_and_a_case(live_server, page, complaint, complaints_officer):
    found, too_wide = {}, {}

    def check(name):
        found[name] = axe_violations(page)
        too_wide[name] = overflow_on_a_phone(page)

    page.goto(live_server.url + "/officer/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check("sign in")
    page.get_by_label("Username").fill(complaints_officer.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    assert page.url == live_server.url + "/officer/"
    check("dashboard")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()

    expect(page.get_by_role("link", name=complaint.reference)).to_be_visible()
    check("case list")
    with page.expect_navigation():
        page.get_by_role("link", name=complaint.reference).click()

    expect(page.get_by_text("Boiler repair not done").first).to_be_visible()
    check("case")
    assert {name: v for name, v in found.items() if v} == {}
    assert {name: px for name, px in too_wide.items() if px} == {}  # tables scroll in a box

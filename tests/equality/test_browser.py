"""The questionnaire and the report in Chromium at 1280 and 375 px: nothing wider than the
window, every question and table cell inside its box, no accessibility findings, and answers
kept when the page comes back with an error."""

import pytest
from playwright.sync_api import expect

from equality.links import questionnaire_url
from tests.browser import axe_violations, overflow_on_a_phone, session_share
from tests.equality.test_report import dataset_make
from tests.factories import CaseFactory
from tests.reporting.test_layout import clipped

from .conftest import DISTINCT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dataset(organisation, housing, planning, web_form):
    """test_report's dataset, made in this test's own database: a live server's test cannot
    read test_report's module-wide transaction."""
    dataset_make(organisation, housing, planning, web_form)


def _inside(inner, outer) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_questionnaire_fits_and_keeps_answers(live_server, page, organisation, housing, width):
    case = CaseFactory(organisation=organisation, service=housing)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + questionnaire_url(case=case))
    expect(
        page.get_by_role("heading", name="Help us check we treat everyone fairly")
    ).to_be_visible()
    assert axe_violations(page) == []
    assert overflow_on_a_phone(page) == 0
    form = page.locator("#equality-form").bounding_box()
    main = page.locator("main").bounding_box()
    assert _inside(form, main)
    for fieldset in page.locator("#equality-form fieldset").all():
        assert _inside(fieldset.bounding_box(), form)
    for field, value in DISTINCT.items():
        if field != "religion":
            page.locator(f'input[name="{field}"][value="{value}"]').check()
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_religion-error")).to_be_visible()
    for field, value in DISTINCT.items():
        if field != "religion":
            assert page.locator(f'input[name="{field}"][value="{value}"]').is_checked(), field
    assert axe_violations(page) == []
    assert overflow_on_a_phone(page) == 0


@pytest.mark.usefixtures("dataset")
def test_the_report_tables_fit_at_1280_and_375(live_server, page, client, committee_member):
    session_share(page.context, live_server, client, committee_member)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/statistics/equality/2025-26/")
    page.wait_for_load_state("load")
    table = page.locator("#table-equality-sex-who")
    expect(table).to_be_visible()
    assert _inside(table.bounding_box(), page.locator("main").bounding_box())
    assert clipped(page, phone=False) == []
    assert axe_violations(page) == []
    # On a phone a table wider than four columns scrolls in its own focusable box (the GOV.UK
    # pattern, as the other reports); the page itself never scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 812})
    assert clipped(page, phone=True) == []
    assert overflow_on_a_phone(page) == 0
    box = page.locator("#table-equality-sex-who").locator("xpath=..").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 375


def test_the_case_panel_fits_on_a_phone(
    live_server, page, client, organisation, housing, complaints_manager
):
    case = CaseFactory(organisation=organisation, service=housing)
    session_share(page.context, live_server, client, complaints_manager)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/officer/cases/{case.reference}/")
    page.wait_for_load_state("load")
    link = page.locator("#equality-link").bounding_box()
    assert link["x"] + link["width"] <= 375
    assert overflow_on_a_phone(page) == 0

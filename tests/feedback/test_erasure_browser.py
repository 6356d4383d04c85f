"""The erasure and rectification pages in Chromium: the whole flow by clicks, no accessibility
finding (axe-core), nothing wider than a phone, the confirmation's counts table inside its
column at 1280 and 375 px. Screenshots go to var/screenshots/ to be looked at."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from feedback.models import Case
from tests.browser import axe_violations, clipped_cells, overflow_on_a_phone, session_share
from tests.factories import CaseFactory, CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = Path(settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_erasure_by_clicks_with_its_confirmation_and_a_correction(
    live_server, page, client, complaints_manager, organisation, housing, web_form
):
    customer = CustomerFactory(
        organisation=organisation, first_name="Ann", last_name="Lee", email="ann@example.com"
    )
    cases = [
        CaseFactory(organisation=organisation, service=housing, channel=web_form, customer=customer)
        for _ in range(2)
    ]
    session_share(page.context, live_server, client, complaints_manager)
    page.goto(f"{live_server.url}/officer/customers/{customer.pk}/")
    page.get_by_role("link", name="Correct their details").click()
    page.get_by_label("Email").fill("ann.lee@example.com")
    page.get_by_label("Reason for the correction").fill("She phoned on 2 November: old address.")
    _shot(page, "customer-rectify")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the correction").click()
    assert "ann.lee@example.com" in page.locator("#customer-details").inner_text()

    page.get_by_role("link", name="Erase their personal data").click()
    page.get_by_label(cases[1].reference, exact=False).uncheck()
    page.get_by_label("No longer needed", exact=False).check()
    # exact: a case's label holds its made-up summary, which may contain the word "reason"
    page.get_by_label("Reason", exact=True).fill("Asked by letter on 2 November; identity checked.")
    _shot(page, "customer-erase")
    assert axe_violations(page) == []
    assert overflow_on_a_phone(page) == 0
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    table = page.locator("#erasure-counts")
    assert "Cases anonymised" in table.inner_text()
    _shot(page, "customer-erase-confirm")
    assert axe_violations(page) == []
    assert [p for w in (1280, 375) for p in clipped_cells(page, w)] == []
    assert overflow_on_a_phone(page) == 0
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Erase personal data").click()
    expect(page.locator("body")).to_contain_text("Personal data erased from 1 case")
    assert Case.objects.get(pk=cases[0].pk).anonymised_at is not None
    assert Case.objects.get(pk=cases[1].pk).anonymised_at is None

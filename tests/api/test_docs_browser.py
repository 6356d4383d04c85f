"""The API's documentation pages render in a real browser under the Content Security Policy:
no inline script or style, nothing refused (tests/browser.py fails the test on any CSP message
or script error), and the operations are on the page."""

import pytest
from playwright.sync_api import expect

from tests.browser import session_share

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_render_under_the_policy(
    live_server, browser_context, client, complaints_officer, path
):
    context = browser_context()
    session_share(context, live_server, client, complaints_officer)
    page = context.new_page()
    response = page.goto(live_server.url + path)
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    page.get_by_text("Council feedback API").first.wait_for(timeout=20000)
    expect(page.locator("text=/api/v1/cases/").first).to_be_visible()
    # Styled, not a bare page: the stylesheets (files, or ReDoc's nonce-carrying elements) hold
    # rules the browser applied.
    rules = page.evaluate(
        "() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0)"
    )
    assert rules > 50

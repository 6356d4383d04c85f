"""The Content Security Policy in a real browser: no page needs an inline script or style, GOV.UK
Frontend still starts (its js-enabled class), and the report's SVG charts still draw in colour.
Every browser test in the suite also fails on a CSP refusal (tests/browser.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/officer/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()


def test_pages_run_under_the_policy_and_charts_still_draw(
    live_server, browser_context, complaints_manager, time_machine, dataset
):
    time_machine.move_to(datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London")))
    context = browser_context()
    page = context.new_page()
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")

    sign_in(page, live_server, complaints_manager)
    page.goto(live_server.url + "/statistics/reports/standards/2025-26-h1/")
    chart = page.locator(".app-chart__figure svg").first
    assert page.locator(".app-chart__figure svg").count() >= 2, page.content()[:3000]
    # A drawn bar keeps its GOV.UK blue: presentation attributes, which the policy allows.
    fills = page.evaluate(
        """() => [...document.querySelectorAll(
                   '.app-chart__figure svg path, .app-chart__figure svg rect'
               )].map(el => getComputedStyle(el).fill)"""
    )
    assert "rgb(29, 112, 184)" in fills
    assert chart.bounding_box()["height"] > 100
    page.goto(live_server.url + "/officer/account/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    assert page.locator("img.app-qr-code").evaluate("img => img.naturalWidth") > 0

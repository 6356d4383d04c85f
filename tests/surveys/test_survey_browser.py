"""The survey page in Chromium at 1280 and 375 px: every question, radio, the comment box and
the button lie inside the page's main column, nothing makes the page scroll sideways, axe finds
nothing, and the error state links each error to its question."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import SurveyInvitation
from surveys.tokens import survey_token
from tests.browser import axe_violations, overflow_on_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = ".govuk-fieldset, .govuk-radios__item, .govuk-textarea, .govuk-button, h1"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _outside(page) -> list[str]:
    """Each part of the form whose box is not inside <main>'s box."""
    return page.evaluate(
        """(selector) => {
          const main = document.querySelector("main").getBoundingClientRect();
          return [...document.querySelectorAll(selector)].flatMap((element) => {
            const box = element.getBoundingClientRect();
            const inside = box.left >= main.left - 0.5 && box.right <= main.right + 0.5
              && box.width > 0;
            const name = element.className || element.tagName;
            return inside ? [] : [`${name} ${box.left}-${box.right}`];
          });
        }""",
        PARTS,
    )


def test_the_survey_page_fits_at_desktop_and_phone_widths(live_server, page, closed_complaint):
    case = closed_complaint()
    token = survey_token(SurveyInvitation.objects.get(case=case).pk)
    url = live_server.url + reverse("surveys:answer", args=[token])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert _outside(page) == [], width
        assert page.locator(".govuk-radios__item").count() == 24
        page.screenshot(path=SCREENSHOTS / f"survey-{width}.png", full_page=True)
    assert overflow_on_a_phone(page) <= 0
    assert axe_violations(page) == []

    # Submit with one question answered: the error summary links to the missing ones and the
    # answer given is still chosen.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Fairly satisfied").first.check()
    page.get_by_label("Is there anything else").fill("Kept after the error")
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert summary.locator("a").count() == 3
    assert page.get_by_label("Fairly satisfied").first.is_checked()
    assert page.get_by_label("Is there anything else").input_value() == "Kept after the error"
    page.screenshot(path=SCREENSHOTS / "survey-errors-1280.png", full_page=True)
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert _outside(page) == [], width

    # Answer everything: the thank-you page, then the link says it was already answered.
    for question in range(4):
        page.locator(".govuk-radios").nth(question).locator(".govuk-radios__input").nth(1).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=SCREENSHOTS / "survey-thanks-375.png", full_page=True)
    page.goto(url)
    expect(page.locator("body")).to_contain_text("already answered")


def test_the_paper_answer_page_fits_at_desktop_and_phone_widths(
    live_server, browser_context, client, closed_complaint, complaints_officer
):
    from tests.browser import session_share

    case = closed_complaint(email=False)
    context = browser_context()
    session_share(context, live_server, client, complaints_officer)
    page = context.new_page()
    url = live_server.url + reverse("surveys_officer:paper_answer", args=[case.reference])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert _outside(page) == [], width
        assert page.locator(".govuk-radios__item").count() == 24
        page.screenshot(path=SCREENSHOTS / f"survey-paper-answer-{width}.png", full_page=True)
    assert overflow_on_a_phone(page) <= 0
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Fairly satisfied").first.check()
    page.get_by_role("button", name="Record the answer").click()
    assert page.locator(".govuk-error-summary a").count() == 3
    assert page.get_by_label("Fairly satisfied").first.is_checked()
    page.screenshot(path=SCREENSHOTS / "survey-paper-answer-errors-1280.png", full_page=True)

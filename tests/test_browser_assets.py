"""The browser tests see pages as people do: styled by our stylesheet, with GOV.UK Frontend's
JavaScript running. If the live server ever stops serving static files again, these fail."""

import pytest

from tests.browser import assets_watch, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_stylesheet_applies_and_govuk_frontend_starts(live_server, organisation, page):
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")

    # Our stylesheet: the council's Arial, and GOV.UK's 960px page width.
    heading_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert heading_font.lower().startswith("arial")
    width = page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth"
    )
    assert width == "960px"

    # GOV.UK Frontend 6: the page says it can run it, then initAll marks each component it
    # started (data-<module>-init).
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")


def test_a_missing_static_file_is_caught(live_server, organisation, browser):
    """The guard every browser test runs under (`browser_context` in tests/conftest.py)."""
    context = browser.new_context()
    problems = assets_watch(context)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert problems == []
    page.goto(live_server.url + "/static/app/no-such-file.css")
    context.close()
    assert problems == [f"404 {live_server.url}/static/app/no-such-file.css"]


DELIBERATE_AND_NOT = """<!DOCTYPE html>
<html lang="en"><head><title>Exceptions</title></head><body>
<div class="govuk-width-container">
  <a class="govuk-back-link" href="/">Back</a>
  <main>
    <h1>Exceptions</h1>
    <fieldset><legend>Pick one</legend>
      <input class="govuk-radios__input" id="govuk" name="r" type="radio"
        aria-controls="more" aria-expanded="false"><label for="govuk">GOV.UK's</label>
      <input id="plain" name="r" type="radio" aria-expanded="false"><label for="plain">Not</label>
      <input class="govuk-radios__input" id="pressed" name="r" type="radio"
        aria-controls="more" aria-expanded="false" aria-pressed="true"><label for="pressed">
        Also pressed</label>
    </fieldset>
    <div id="more">More</div>
  </main>
</div>
<p id="outside">Outside any landmark</p>
</body></html>"""


def test_only_what_govuk_does_on_purpose_is_let_through(page):
    """GOVUK_DELIBERATE drops one rule on its own elements, and nothing else."""
    page.set_content(DELIBERATE_AND_NOT)
    found = axe_violations(page)
    assert [line.split(" ", 1)[0] for line in found] == [
        "aria-allowed-attr",
        "aria-allowed-attr",
        "region",
    ]
    assert "['#plain']" in found[0]
    assert "['#pressed']" in found[1]
    assert "['#outside']" in found[2]

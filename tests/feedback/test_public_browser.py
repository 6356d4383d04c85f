"""The whole complaint form in a real browser, with axe checking every page."""

import pytest
from playwright.sync_api import expect

from feedback.models import Case
from feedback.progress import progress_token_make
from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def go(page, role: str, name: str) -> None:
    """Click, and wait for the next page: axe must not run on a page being replaced."""
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


@pytest.fixture
def checked(page):
    """Runs axe on the current page and collects any violation, with the page it was on."""
    found: list[str] = []

    def check(label: str) -> None:
        if violations := axe_violations(page):
            found.append(f"{label} ({page.url}):\n" + "\n".join(violations))

    check.found = found
    return check


def test_a_complaint_through_the_whole_form_in_chromium(
    live_server, organisation, page, checked, settings
):
    # A robot-speed browser: the time-trap has its own tests.
    settings.SPAM_MIN_SECONDS = 0
    page.goto(live_server.url + "/")
    assert page.locator("link[rel=stylesheet]").count() == 1
    checked("start page")
    go(page, "button", "Start now")

    checked("kind")
    go(page, "button", "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked("kind with an error")
    page.get_by_label("Complaint", exact=True).check()
    go(page, "button", "Continue")

    checked("service")
    page.get_by_label("Housing", exact=True).check()
    go(page, "button", "Continue")

    checked("details")
    page.get_by_label("Summary").fill("Repair not done")
    page.get_by_label("What happened?").fill("The boiler has been broken since October.")
    go(page, "button", "Continue")

    checked("outcome")
    page.get_by_label("What would put things right for you?").fill("Fix the boiler.")
    go(page, "button", "Continue")

    checked("representative")
    page.get_by_label("Yes").check()  # reveals the representative's questions
    expect(page.get_by_label("Your full name")).to_be_visible()
    checked("representative, revealed")
    page.get_by_label("No, it is about me").check()
    go(page, "button", "Continue")

    checked("contact")
    page.get_by_label("First name").fill("Ann")
    page.get_by_label("Last name").fill("Lee")
    page.get_by_label("Email address").fill("ann.lee@example.com")
    page.get_by_label("Postcode").fill("EX1 2BB")
    go(page, "button", "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # postcode without an address
    checked("contact with an error")
    page.get_by_label("Postal address").fill("1 Elm Road\nExampletown")
    go(page, "button", "Continue")

    checked("needs")
    page.get_by_label("Large print").check()
    go(page, "button", "Continue")

    checked("attachments")
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    go(page, "button", "Upload file")
    expect(page.get_by_role("button", name="Remove letter.pdf")).to_be_visible()
    checked("attachments with a file")
    go(page, "button", "Continue")

    checked("check answers")
    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    go(page, "link", "Change summary")
    page.get_by_label("Summary").fill("Boiler repair not done")
    go(page, "button", "Save and return to check your answers")
    expect(page.get_by_text("Boiler repair not done")).to_be_visible()
    go(page, "button", "Send")

    checked("confirmation")
    reference = page.locator("#reference").inner_text()
    case = Case.objects.get()
    assert reference == case.reference
    assert case.summary == "Boiler repair not done"
    assert case.attachments.count() == 1

    page.goto(live_server.url + "/progress/")
    checked("check progress")
    page.goto(
        live_server.url
        + f"/progress/{progress_token_make(case=case, email='ann.lee@example.com')}/"
    )
    assert page.locator("#service").inner_text() == "Housing"
    checked("progress page")
    page.goto(live_server.url + "/progress/not-a-real-token/")
    checked("expired link")

    assert checked.found == [], "\n\n".join(checked.found)

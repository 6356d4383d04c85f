"""The approval flow in Chromium: the manager's letter page at 1280 and 375 px (the approval
form, its buttons and the deadline inside the page, nothing clipped, no axe finding), the
return refused without comments and the approval through the buttons."""

from datetime import date

import pytest
from playwright.sync_api import expect

from letters import services
from letters.models import ApprovalRule, Letter, LetterKind
from tests.browser import axe_violations, clipped_cells, overflow_on_a_phone, session_share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pinned_day():
    """The real clock here: the browser keeps its own time, so sessions must too."""
    return


@pytest.fixture
def waiting(organisation, housing, stage1_case, officer_with_phone, render):
    ApprovalRule.objects.create(organisation=organisation, service=housing)
    stage1_case.respond_by = date(2026, 11, 20)  # past: the Overdue tag must be seen
    stage1_case.save(update_fields=["respond_by"])
    letter = services.letter_draft_create(
        case=stage1_case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    services.letter_draft_update(
        letter_id=letter.pk,
        subject=letter.subject,
        body=letter.body.split("[")[0],
        large_print=False,
        user=officer_with_phone,
    )
    letter = render(letter)
    return services.letter_approval_ask(letter_id=letter.pk, user=officer_with_phone)


def _inside(box, width: int) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_manager_approves_on_a_page_that_fits_desktop_and_phone(
    live_server, page, client, waiting, complaints_manager
):
    session_share(page.context, live_server, client, complaints_manager)
    page.goto(f"{live_server.url}/officer/letters/{waiting.pk}/")
    page.wait_for_load_state("load")
    approval = page.locator(".app-letter-approval")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        main = page.locator("main").bounding_box()
        for locator in (
            approval,
            approval.locator("textarea"),
            page.get_by_role("button", name="Approve the letter"),
            page.get_by_role("button", name="Return it with comments"),
            page.locator(".govuk-summary-list .govuk-tag", has_text="Awaiting approval"),
            page.locator(".govuk-summary-list .govuk-tag", has_text="Overdue"),
        ):
            box = locator.first.bounding_box()
            assert _inside(box, width), (width, locator)
            assert box["x"] >= main["x"] - 1
            assert box["x"] + box["width"] <= main["x"] + main["width"] + 1
        assert clipped_cells(page, width) == []
    assert overflow_on_a_phone(page) == 0
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Return it with comments").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert Letter.objects.get(pk=waiting.pk).status == Letter.Status.AWAITING_APPROVAL
    page.get_by_label("Comments for the officer who wrote it").fill("Clear and fair.")
    page.get_by_role("button", name="Approve the letter").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-notification-banner", has_text="Letter approved")).to_be_visible()
    letter = Letter.objects.get(pk=waiting.pk)
    assert letter.status == Letter.Status.APPROVED
    assert letter.review_comments == "Clear and fair."

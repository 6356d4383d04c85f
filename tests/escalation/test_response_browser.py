"""The response page's "Add another remedy" in Chromium: copied in the page with JavaScript,
and asked of the server without it. Either way nothing typed is lost and every row is saved."""

import pytest
from playwright.sync_api import expect

from escalation.models import CaseStage
from tests.browser import axe_violations, session_share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_stage1(complaint_create, complaints_officer):
    from escalation.services import case_transition

    case = complaint_create()
    case_transition(case=case, name="triage_complaint", user=complaints_officer)
    return case


def fill_response(page):
    page.get_by_label("The complaint as the council understood it").fill("Bins missed")
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reasons for the decision").fill("The crew skipped the road")
    page.get_by_label("Remedy 1", exact=True).select_option("apology")
    page.get_by_label("Remedy 1: what").fill("A written apology")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_add_another_remedy_in_chromium(
    live_server, browser_context, client, in_stage1, housing_officer, javascript
):
    context = browser_context(java_script_enabled=javascript)
    session_share(context, live_server, client, housing_officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/officer/lifecycle/cases/{in_stage1.reference}/response/")
    fill_response(page)
    assert page.get_by_label("Remedy 2", exact=True).count() == 0

    page.evaluate("window.sameDocument = true")
    page.get_by_role("button", name="Add another remedy").click()
    remedy2 = page.get_by_label("Remedy 2", exact=True)
    remedy2.wait_for()
    if javascript:  # added in the page, and the new row has the focus
        assert page.evaluate("window.sameDocument") is True
        assert page.evaluate("document.activeElement.id") == "id_remedies-1-kind"
    else:  # the server sent the page back, scrolled to the new row
        assert page.evaluate("window.sameDocument") is None
        assert page.url.endswith("#remedy-2")
    # What was typed before is all still there.
    assert page.get_by_label("Remedy 1: what").input_value() == "A written apology"
    assert page.get_by_label("Remedy 1", exact=True).input_value() == "apology"
    assert page.get_by_label("Reasons for the decision").input_value() == (
        "The crew skipped the road"
    )
    assert page.get_by_label("Upheld", exact=True).is_checked()
    if javascript:
        assert axe_violations(page) == []

    remedy2.select_option("financial")
    page.get_by_label("Remedy 2: what").fill("Refund of the garden waste fee")
    page.get_by_label("Remedy 2: amount in pounds (financial redress)").fill("45")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the response").click()
    expect(page.locator("body")).to_contain_text("the Stage 1 response is recorded")
    stage = CaseStage.objects.get(case=in_stage1, stage=1)
    assert [(r.kind, r.description) for r in stage.remedies.order_by("pk")] == [
        ("apology", "A written apology"),
        ("financial", "Refund of the garden waste fee"),
    ]

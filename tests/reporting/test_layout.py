"""What a committee member sees of the report pages at a desktop width (1280 px) and a phone
width (375 px): each table's box compared with the box it sits in, in Chromium with the real CSS.

A table wider than its scroll box has columns out of sight (a reader who does not think to
scroll never sees them); beside a chart that was the Stage 2 or year-earlier column. At 1280 px
no table may scroll. On a phone a table of four columns (a chart's data) must fit; a wider one
may scroll in its own keyboard-focusable box, the GOV.UK pattern for wide tables."""

import pytest

from tests.browser import session_share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 800), (375, 812)]
PHONE_COLUMNS = 4

# For every table on the page: its width, its scroll box's width, and how many columns it has.
TABLE_BOXES = """() => [...document.querySelectorAll("main table")].map((table) => {
  const box = table.closest(".app-table-scroll") || table.parentElement;
  const main = document.querySelector("main").getBoundingClientRect();
  const tableRect = table.getBoundingClientRect();
  return {
    caption: table.caption ? table.caption.textContent.trim() : table.id,
    columns: table.tHead ? table.tHead.rows[0].cells.length : 0,
    tableWidth: Math.ceil(tableRect.width),
    boxWidth: Math.floor(box.getBoundingClientRect().width),
    scrolls: box.scrollWidth > box.clientWidth + 1,
    pastMain: tableRect.right > main.right + 1 && !(box.scrollWidth > box.clientWidth + 1),
  };
})"""


def clipped(page, *, phone: bool) -> list[str]:
    found = []
    for table in page.evaluate(TABLE_BOXES):
        if table["pastMain"]:
            found.append(f"{table['caption']}: runs past the page's main column")
        if table["scrolls"] and not (phone and table["columns"] > PHONE_COLUMNS):
            found.append(
                f"{table['caption']}: {table['tableWidth']}px in a {table['boxWidth']}px box"
            )
    return found


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=["1280", "375"])
def test_no_report_table_is_clipped(
    width, height, live_server, browser_context, client, dataset, committee_member
):
    context = browser_context(viewport={"width": width, "height": height})
    session_share(context, live_server, client, committee_member)
    page = context.new_page()
    page.goto(live_server.url + "/statistics/reports/standards/2025-26-h1/")
    assert page.locator(".app-chart table").count() == 4
    problems = clipped(page, phone=width < 1280)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=["1280", "375"])
def test_no_published_statistics_table_is_clipped(
    width, height, live_server, browser_context, dataset
):
    page = browser_context(viewport={"width": width, "height": height}).new_page()
    page.goto(live_server.url + "/statistics/?period=2025-26-h1")
    assert page.locator("main table").count() >= 3
    problems = clipped(page, phone=width < 1280)
    assert not problems, "\n".join(problems)

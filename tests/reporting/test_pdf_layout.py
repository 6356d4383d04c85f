"""What a committee member holding the printed report sees: every character of every table on
the paper, whatever the table's width, and the report named in every page's footer. The PDF is
read back with pdfplumber."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.urls import reverse

from tests.pdf_layout import chars_outside_printable_area, footers

pytestmark = pytest.mark.django_db

REPORTS = [
    {"kind": "standards", "period": "2025-26-h1"},
    {"kind": "cabinet", "period": "2025-26-q2"},
    {"kind": "annual", "period": "2024-25"},
]


@pytest.fixture(autouse=True)
def _pinned(time_machine):
    time_machine.move_to(datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London")))


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["kind"])
def test_every_character_of_the_report_pdf_is_inside_the_printable_area(
    report, client, committee_member, dataset
):
    client.force_login(committee_member)
    content = client.get(reverse("reporting:report_pdf", kwargs=report)).content
    assert chars_outside_printable_area(content) == []


def test_every_page_names_the_report_and_wide_tables_turn_landscape(
    client, committee_member, dataset
):
    client.force_login(committee_member)
    content = client.get(reverse("reporting:report_pdf", kwargs=REPORTS[0])).content
    title = "Standards Committee report: April to September 2025/26 (financial year half 1)"
    pages = footers(content, band_mm=28)
    assert len(pages) > 2
    for number, footer in enumerate(pages, start=1):
        page_words = f"Page {number} of {len(pages)}"
        assert page_words in footer
        assert " ".join(footer.replace(page_words, "").split()) == title
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        landscape = [page for page in pdf.pages if page.width > page.height]
        portrait = [page for page in pdf.pages if page.width < page.height]
        assert landscape  # the wide tables turn...
        assert portrait  # ...and only they
        # "Measures by service" keeps its Stage 2 columns and its last column on the paper.
        texts = [" ".join(page.extract_text().split()) for page in landscape]
        text = next(t for t in texts if "Measures by service (this period)" in t)
        # "Stage 1 answered", "Stage 1 % within deadline", "Stage 2 answered", "Stage 2 % within
        # deadline" (headings wrap in their narrow columns, so only the word is counted).
        assert text.count("Stage") == 4
        assert "£215.50" in " ".join(
            texts
        )  # the last column of the last row: the whole council's £


def test_the_definitions_read_as_prose_not_as_docstring_markup(client, committee_member, dataset):
    """The measures' docstrings are their definitions; a committee member reads them without the
    backticks and asterisks a developer wrote, lists as lists."""
    client.force_login(committee_member)
    content = client.get(reverse("reporting:report_pdf", kwargs=REPORTS[0])).content
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    definitions = text[text.index("How these figures are counted") :]
    assert "received_at falls in the period" in " ".join(definitions.split())
    assert "`" not in definitions
    assert "\n* " not in definitions
    assert "*referred" not in definitions

    page = client.get(reverse("reporting:report", kwargs=REPORTS[0])).content.decode()
    section = page[page.index("How these figures are counted") :]
    assert "`" not in section
    assert "<code>received_at</code>" in section
    assert "<li><code>referred</code>:" in section

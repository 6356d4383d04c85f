"""What a committee member holding the printed report sees: every character of every table on
the paper, whatever the table's width, and the report named in every page's footer. The PDF is
read back by PDFium and pdfplumber (tests/pdf_layout.py)."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.pdf_layout import chars_outside_printable_area, footers, pdf_open

from .conftest import dataset_create

REPORTS = [
    {"kind": "standards", "period": "2025-26-h1"},
    {"kind": "cabinet", "period": "2025-26-q2"},
    {"kind": "annual", "period": "2024-25"},
]
# One process renders the three reports once for the whole module (under pytest-xdist's
# `--dist loadgroup`); every test only reads them.
pytestmark = pytest.mark.xdist_group("reporting-pdf-layout")


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{kind: PDF bytes} for REPORTS, and the standards report's web page under "page", as a
    committee member gets them on 15 October 2025; rendered once, in a transaction rolled back
    at the end (WeasyPrint takes seconds a report, and the tests only read what it made)."""
    from feedback.models import Organisation
    from feedback.roles import Role
    from tests.factories import officer_create

    pinned = datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London"))
    with (
        time_machine.travel(pinned),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("council_setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
        dataset_create(Organisation.objects.get())
        client = Client()
        client.force_login(officer_create(role=Role.COMMITTEE_MEMBER, username="councillor"))
        found = {
            report["kind"]: client.get(reverse("reporting:report_pdf", kwargs=report)).content
            for report in REPORTS
        }
        found["page"] = client.get(reverse("reporting:report", kwargs=REPORTS[0])).content
        transaction.set_rollback(True)
    return found


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["kind"])
def test_every_character_of_the_report_pdf_is_inside_the_printable_area(report, rendered):
    assert chars_outside_printable_area(rendered[report["kind"]]) == []


def test_the_pdf_text_is_never_below_12pt(rendered):
    pdf = pdf_open(rendered["standards"])
    sizes = {round(char["size"], 1) for page in pdf.pages for char in page.chars}
    assert min(sizes) >= 11.9


def test_every_page_names_the_report_and_wide_tables_turn_landscape(rendered):
    content = rendered["standards"]
    title = "Standards Committee report: April to September 2025/26 (financial year half 1)"
    pages = footers(content, band_mm=28)
    assert len(pages) > 2
    for number, footer in enumerate(pages, start=1):
        page_words = f"Page {number} of {len(pages)}"
        assert page_words in footer
        assert " ".join(footer.replace(page_words, "").split()) == title
    pdf = pdf_open(content)
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
    assert "£215.50" in " ".join(texts)  # the last column of the last row: the whole council's £


def test_the_definitions_read_as_prose_not_as_docstring_markup(rendered):
    """The measures' docstrings are their definitions; a committee member reads them without the
    backticks and asterisks a developer wrote, lists as lists."""
    text = "\n".join(page.extract_text() for page in pdf_open(rendered["standards"]).pages)
    definitions = text[text.index("How these figures are counted") :]
    assert "received_at falls in the period" in " ".join(definitions.split())
    assert "`" not in definitions
    assert "\n* " not in definitions
    assert "*referred" not in definitions

    page = rendered["page"].decode()
    section = page[page.index("How these figures are counted") :]
    assert "`" not in section
    assert "<code>received_at</code>" in section
    assert "<li><code>referred</code>:" in section

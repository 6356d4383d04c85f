"""Helpers for PDF tests that check what a reader sees: where each character lies on the page
(pdfplumber reads the real PDF back), and what each page's footer says."""

import hashlib
import io
from collections import OrderedDict
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4  # PDF points per millimetre
# What an office printer can reach: most leave 4–6mm unprinted at each edge. A character nearer
# the edge than this may be cut off on paper.
PRINTABLE_INSET_MM = 10


_OPEN: OrderedDict[bytes, pdfplumber.PDF] = OrderedDict()
_OPEN_AT_MOST = 4


def pdf_open(content: bytes) -> pdfplumber.PDF:
    """The PDF read back by pdfplumber; the same bytes are read once, however many of the
    helpers below (and tests) look at them. Reading a page's characters is most of a PDF
    test's time after the rendering: about 0.2 s a page. Not to be closed by the caller."""
    key = hashlib.sha256(content).digest()
    if key in _OPEN:
        _OPEN.move_to_end(key)
        return _OPEN[key]
    pdf = _OPEN[key] = pdfplumber.open(io.BytesIO(content))
    while len(_OPEN) > _OPEN_AT_MOST:
        _OPEN.popitem(last=False)[1].close()
    return pdf


@dataclass(frozen=True)
class Stray:
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    def __str__(self) -> str:
        return (
            f"page {self.page}: {self.text!r} at {self.x0 / MM:.1f}–{self.x1 / MM:.1f}mm across, "
            f"{self.top / MM:.1f}–{self.bottom / MM:.1f}mm down"
        )


def chars_outside_printable_area(content: bytes, inset_mm: float = PRINTABLE_INSET_MM) -> list:
    """Every character (grouped into runs per line) not wholly inside the page less `inset_mm`
    at each edge, on any page. An empty list means everything can be printed and read."""
    inset = inset_mm * MM
    strays: dict[tuple[int, int], Stray] = {}
    for number, page in enumerate(pdf_open(content).pages, start=1):
        for char in page.chars:
            if not char["text"].strip():
                continue
            inside = (
                char["x0"] >= inset
                and char["x1"] <= page.width - inset
                and char["top"] >= inset
                and char["bottom"] <= page.height - inset
            )
            if inside:
                continue
            key = (number, round(char["top"]))
            seen = strays.get(key)
            strays[key] = Stray(
                number,
                (seen.text if seen else "") + char["text"],
                min(char["x0"], seen.x0) if seen else char["x0"],
                char["top"],
                max(char["x1"], seen.x1) if seen else char["x1"],
                char["bottom"],
            )
    return list(strays.values())


def pdf_text(content: bytes) -> str:
    """Every page's text, pages joined by a space. Read from the characters that
    `chars_outside_printable_area` reads too: a test doing both reads the PDF once (a second
    reader, pypdf, took 1.7 s more for a 28-page report)."""
    return " ".join(page.extract_text() for page in pdf_open(content).pages)


def page_count(content: bytes) -> int:
    return len(pdf_open(content).pages)


def footers(content: bytes, band_mm: float = 20) -> list[str]:
    """The text in the bottom `band_mm` of each page, one string per page."""
    texts = []
    for page in pdf_open(content).pages:
        band = page.within_bbox((0, page.height - band_mm * MM, page.width, page.height))
        texts.append(" ".join((band.extract_text() or "").split()))
    return texts


def text_in_box(content: bytes, *, page: int, left_mm, top_mm, right_mm, bottom_mm) -> str:
    """The text wholly inside a rectangle on one page (millimetres from the top left corner)."""
    box = (
        pdf_open(content)
        .pages[page - 1]
        .within_bbox((left_mm * MM, top_mm * MM, right_mm * MM, bottom_mm * MM), strict=True)
    )
    return " ".join((box.extract_text() or "").split())


def text_touching_box(content: bytes, *, page: int, left_mm, top_mm, right_mm, bottom_mm) -> str:
    """The text with any part inside the rectangle (what would show through a window)."""
    box = (
        pdf_open(content)
        .pages[page - 1]
        .crop((left_mm * MM, top_mm * MM, right_mm * MM, bottom_mm * MM), strict=False)
    )
    return " ".join((box.extract_text() or "").split())

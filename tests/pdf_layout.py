"""Helpers for PDF tests that check what a reader sees: where each character lies on the page
and what each page's footer says, read back from the real PDF.

Two readers: PDFium (pypdfium2, in C: the engine of Chromium's PDF viewer, already installed
with pdfplumber) for every character's box and each page's text, and pdfplumber (pdfminer, in
Python) for the text inside a box and what the tests ask it directly. PDFium reads a 28-page
report's characters in about 0.13 s of CPU where pdfplumber takes about 2.2 s, nearly as long
as WeasyPrint took to render it; so the helpers that need only the characters or the text use
PDFium."""

import hashlib
import io
from collections import OrderedDict
from dataclasses import dataclass

import pdfplumber
import pypdfium2

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
class Char:
    """One character as PDFium places it, in pdfplumber's terms (points from the top left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: list[Char]
    text: str


# PDFium reports the hyphen WeasyPrint prints where it breaks a word at a line's end as this
# control character; the page shows (and pdfplumber reads) a hyphen.
_SOFT_HYPHEN, _HYPHEN = "\x02", "-"
_READ: OrderedDict[bytes, list[Page]] = OrderedDict()


def pdf_pages(content: bytes) -> list[Page]:
    """Every page's size, characters and text as PDFium reads them; the same bytes are read once.

    A character's box is PDFium's loose box (from the font's descent to its ascent, the glyph's
    width). It holds pdfplumber's box (the advance across, the font size up from the descent):
    checked on every character of the 18 report and letter PDFs these helpers read in the
    suite, about 270,000, each found with the same text and a box at least as large (up to
    2.8 points taller). So a character inside the printable area here is inside it by
    pdfplumber's measure too. The characters PDFium adds between words and lines (spaces and
    line breaks that are not in the PDF's content) are left out."""
    key = hashlib.sha256(content).digest()
    if key in _READ:
        _READ.move_to_end(key)
        return _READ[key]
    pages = []
    document = pypdfium2.PdfDocument(content)
    try:
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            textpage = page.get_textpage()
            count = textpage.count_chars()
            chars = []
            for index in range(count):
                if pypdfium2.raw.FPDFText_IsGenerated(textpage, index):
                    continue
                text = chr(pypdfium2.raw.FPDFText_GetUnicode(textpage, index))
                text = _HYPHEN if text == _SOFT_HYPHEN else text
                left, bottom, right, top = textpage.get_charbox(index, loose=True)
                chars.append(Char(text, left, height - top, right, height - bottom))
            text = textpage.get_text_range(0, count).replace(_SOFT_HYPHEN, _HYPHEN)
            pages.append(Page(width, height, chars, text))
            textpage.close()
            page.close()
    finally:
        document.close()
    _READ[key] = pages
    while len(_READ) > _OPEN_AT_MOST:
        _READ.popitem(last=False)
    return pages


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
    for number, page in enumerate(pdf_pages(content), start=1):
        for char in page.chars:
            if not char.text.strip():
                continue
            inside = (
                char.x0 >= inset
                and char.x1 <= page.width - inset
                and char.top >= inset
                and char.bottom <= page.height - inset
            )
            if inside:
                continue
            key = (number, round(char.top))
            seen = strays.get(key)
            strays[key] = Stray(
                number,
                (seen.text if seen else "") + char.text,
                min(char.x0, seen.x0) if seen else char.x0,
                char.top,
                max(char.x1, seen.x1) if seen else char.x1,
                char.bottom,
            )
    return list(strays.values())


def pdf_text(content: bytes) -> str:
    """Every page's text, a line a line (words one space apart), pages joined by a space. Read
    with the characters that `chars_outside_printable_area` reads, so a test doing both reads
    the PDF once. The lines come in the order the PDF draws them; pdfplumber's `extract_text`
    orders them down the page and joins side-by-side blocks into one line (a letter's
    address beside the council's telephone), so a phrase within a line reads the same in
    both."""
    return " ".join(
        "\n".join(" ".join(line.split()) for line in page.text.splitlines())
        for page in pdf_pages(content)
    )


def page_count(content: bytes) -> int:
    return len(pdf_pages(content))


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

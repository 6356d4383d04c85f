"""HTML to an accessible PDF with WeasyPrint.

* Tagged PDF/UA-1, with the document title (from <title>) and language (from <html lang>).
* A sans-serif font embedded from local files (Liberation Sans, else DejaVu Sans, both free
  fonts Debian ships; `LETTER_FONT_REGULAR`/`LETTER_FONT_BOLD` name others).
* The URL fetcher serves only the letter's own stylesheet and those fonts: a letter can never
  make WeasyPrint read the network or an arbitrary file, whatever ends up in its HTML.

WeasyPrint and pypdf are imported by the functions that use them: with fontTools they take
seconds to import, and this module is imported by every process that loads the URLs or the
template tags (each management command's checks, each web worker), not only those that render.
"""

import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from .document import LetterDocument

ASSET_ORIGIN = "https://letter-assets.invalid/"  # .invalid never resolves (RFC 6761)
_HERE = Path(__file__).resolve().parent
FONT_CANDIDATES = {
    "regular": [
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
    "bold": [
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ],
}


def _font(weight: str) -> Path:
    configured = getattr(settings, f"LETTER_FONT_{weight.upper()}", "")
    for candidate in (
        [configured, *FONT_CANDIDATES[weight]] if configured else FONT_CANDIDATES[weight]
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ImproperlyConfigured(
        f"No {weight} sans-serif font for letters: install fonts-liberation or fonts-dejavu-core, "
        f"or set LETTER_FONT_{weight.upper()} to a .ttf file."
    )


@lru_cache(maxsize=1)
def _assets() -> dict[str, tuple[bytes, str]]:
    """Every URL a letter may load, read once per process."""
    return {
        f"{ASSET_ORIGIN}letter.css": ((_HERE / "pdf" / "letter.css").read_bytes(), "text/css"),
        f"{ASSET_ORIGIN}font/regular.ttf": (_font("regular").read_bytes(), "font/ttf"),
        f"{ASSET_ORIGIN}font/bold.ttf": (_font("bold").read_bytes(), "font/ttf"),
    }


@lru_cache(maxsize=1)
def _asset_fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LetterAssetFetcher(URLFetcher):
        """Serves the allowed assets from memory and refuses everything else, loudly: a letter
        that asks for anything else fails to render rather than going out different."""

        def __init__(self):
            super().__init__(allowed_protocols=(), fail_on_errors=True)

        def fetch(self, url, headers=None):
            asset = _assets().get(url)
            if asset is None:
                raise ValueError(f"Letters may not load {url[:200]!r}")
            content, mimetype = asset
            return URLFetcherResponse(url, content, {"Content-Type": mimetype})

    return LetterAssetFetcher


def letter_html(document: LetterDocument) -> str:
    return render_to_string("letters/pdf/letter.html", {"doc": document})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _asset_fetcher_class()()
    return HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1", font_config=FontConfiguration()
    )


def letter_pdf(document: LetterDocument) -> bytes:
    return html_to_pdf(letter_html(document))


def pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)

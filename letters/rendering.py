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

import atexit
import io
import os
import shutil
import threading
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


class _Renderer:
    """What every letter shares, made once per process and thread: the URL fetcher, the font
    configuration with the letter fonts' @font-face rules loaded, and the letter stylesheet
    parsed. Parsing the stylesheet and loading the fonts each time was about a third of a
    render's CPU time (cProfile; README "Benchmarks"). WeasyPrint's font configuration is not
    meant to be shared between threads, and a forked process makes its own (see `_renderer`)."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.pid = os.getpid()
        self.fetcher = _asset_fetcher_class()()
        self.font_config = FontConfiguration()
        stylesheet_url = f"{ASSET_ORIGIN}letter.css"
        self.stylesheet = CSS(
            string=_assets()[stylesheet_url][0].decode(),
            base_url=stylesheet_url,
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )

    def disown(self) -> None:
        """In a forked child: the fonts' temporary folder is the parent's, and dropping the
        copy must not delete it (FontConfiguration.__del__ removes its folder)."""
        self.font_config._folder = None


_local = threading.local()
_made: list[_Renderer] = []


def _renderer() -> _Renderer:
    renderer = getattr(_local, "renderer", None)
    if renderer is None or renderer.pid != os.getpid():
        if renderer is not None:
            renderer.disown()
        renderer = _local.renderer = _Renderer()
        _made.append(renderer)
    return renderer


@atexit.register
def _fonts_folders_remove() -> None:
    """This process's fonts' temporary folders, removed while the interpreter still can
    (FontConfiguration.__del__ at shutdown finds `rmtree` already gone)."""
    for renderer in _made:
        if renderer.pid == os.getpid() and renderer.font_config._folder:
            shutil.rmtree(renderer.font_config._folder, ignore_errors=True)
        renderer.disown()


def html_to_pdf_and_pages(html: str) -> tuple[bytes, int]:
    """The letter's HTML (which links no stylesheet: the parsed letter stylesheet is applied to
    it) as a tagged PDF/UA-1, and its number of pages (from the layout: reading the PDF back to
    count them cost a third as much again as rendering a one-page letter)."""
    from weasyprint import DEFAULT_OPTIONS, HTML

    renderer = _renderer()
    options = {
        **DEFAULT_OPTIONS,
        "pdf_variant": "pdf/ua-1",
        "stylesheets": [renderer.stylesheet],
    }
    document = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=renderer.fetcher).render(
        renderer.font_config, None, None, **options
    )
    return document.write_pdf(**{key: options[key] for key in DEFAULT_OPTIONS}), len(document.pages)


def html_to_pdf(html: str) -> bytes:
    return html_to_pdf_and_pages(html)[0]


def letter_pdf(document: LetterDocument) -> bytes:
    return html_to_pdf(letter_html(document))


def letter_pdf_and_pages(document: LetterDocument) -> tuple[bytes, int]:
    return html_to_pdf_and_pages(letter_html(document))


def pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)

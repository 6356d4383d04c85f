"""The report as a tagged PDF (WeasyPrint, PDF/UA-1): sans-serif, never below 12pt, charts as
inline SVG with real text, each followed by its data table."""

from django.template.loader import render_to_string

from .charts import charts_build
from .selectors import Report


def _nothing_fetcher():
    """Everything the PDF needs is inline (CSS and SVG): a template can never make the renderer
    read a file or reach the network. WeasyPrint is imported here, not with the module: it
    costs about a second that every page and command would otherwise pay."""
    from weasyprint.urls import URLFetcher

    class NothingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Report PDFs load nothing: {url}")

    return NothingFetcher()


def html_pdf(html: str) -> bytes:
    """A self-contained HTML page as a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_nothing_fetcher(), base_url="about:blank").write_pdf(
        pdf_variant="pdf/ua-1"
    )


def report_pdf(report: Report, *, organisation, equality=None) -> bytes:
    """`equality`: the equality monitoring section, given only for a reader allowed it."""
    html = render_to_string(
        "reporting/report_pdf.html",
        {
            "report": report,
            "charts": charts_build(report.tables),
            "organisation": organisation,
            "equality": equality,
        },
    )
    return html_pdf(html)

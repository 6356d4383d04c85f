"""The paper survey: one A4 page the post room encloses with a response letter to a customer
who wrote by post, with the reference, the same questions as the web form, boxes to tick and
the council's return address. WeasyPrint, tagged PDF/UA-1, nothing below 12pt, loading
nothing from outside the page."""

from django.template.loader import render_to_string

from feedback.models import Case

from .forms import QUESTIONS


def _nothing_fetcher():
    from weasyprint.urls import URLFetcher

    class NothingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"The paper survey loads nothing: {url}")

    return NothingFetcher()


def survey_paper_pdf(*, case: Case, stage: int) -> bytes:
    from weasyprint import HTML  # imported here: it costs about a second to import

    html = render_to_string(
        "surveys/paper.html",
        {
            "case": case,
            "stage": stage,
            "organisation": case.organisation,
            "questions": [
                (label, [text for _, text in choices]) for label, choices, _ in QUESTIONS.values()
            ],
        },
    )
    return HTML(string=html, url_fetcher=_nothing_fetcher(), base_url="about:blank").write_pdf(
        pdf_variant="pdf/ua-1"
    )

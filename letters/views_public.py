"""The customer opens their sent letters from the progress page, with the signed progress
token: the token names one case, and only that case's sent letters to the customer open. A
letter is named by a key derived from the token (never its database id)."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from feedback.progress import progress_case_from_token

from .selectors import letter_for_progress_link


@require_GET
def customer_letter(request, token: str, key: str):
    case = progress_case_from_token(token)
    if case is None:
        raise Http404("This link has expired or is not valid")
    letter = letter_for_progress_link(case=case, token=token, key=key)
    if letter is None or not letter.pdf:
        raise Http404("No such letter")
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{case.reference}-{letter.kind.replace('_', '-')}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

"""The customer opens their sent letters from the progress page, with the signed progress
token: the token names one case, and only that case's sent letters to the customer open."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from feedback.progress import progress_case_from_token

from .selectors import letters_sent_to_customer


@require_GET
def customer_letter(request, token: str, pk: int):
    case = progress_case_from_token(token)
    if case is None:
        raise Http404("This link has expired or is not valid")
    letter = letters_sent_to_customer(case=case).filter(pk=pk).first()
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

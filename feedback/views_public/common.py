"""What every page of the public form needs: the council, the draft, and the way back to the
start when the session has ended."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect

from ..drafts import last_case_id
from ..models import Case, Organisation
from ..selectors import organisation_for_request

EXPIRED_MESSAGE = (
    "Your session has ended because you did not do anything for a while, or you had not "
    "started. To protect your information we do not keep unsent answers. Please start again."
)


def organisation_or_none(request: HttpRequest) -> Organisation | None:
    """Read once per request: the page's context processor asks for it too."""
    return organisation_for_request(request)


def no_draft_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the start page with a clear message, never an error page."""
    case_id = last_case_id(request.session)
    reference = Case.objects.filter(pk=case_id).values_list("reference", flat=True).first()
    if reference:
        messages.info(
            request,
            f"You have already sent your feedback. Your reference is {reference}. "
            "To tell us something else, start again.",
        )
    else:
        messages.warning(request, EXPIRED_MESSAGE)
    return redirect("public:start")


def private(response: HttpResponse) -> HttpResponse:
    """Pages showing someone's answers or case: never cached, and their address (which may
    hold a progress token) never sent to another site as a Referer. Not "no-referrer": the
    browser would then send `Origin: null` with the form and CSRF would refuse it."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

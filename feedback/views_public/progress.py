"""Check progress: ask for a link by reference and email address, and the page it opens.

The request page answers the same whatever was typed, so nobody can use it to find out which
references exist or whose they are; only the owner of the address receives the link."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..forms_public import ProgressRequestForm
from ..progress import (
    MAX_AGE_SECONDS,
    progress_case_from_token,
    progress_events,
    progress_link_request,
)
from ..progress import stage_plain_words as _stage_words
from ..ratelimits import limit_hit
from ..spam import Trap, timetrap_token
from .common import private

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def progress_request(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProgressRequestForm(data=request.POST)
        if form.is_valid():
            trap = form.spam_trap()
            limited = limit_hit(request, scope="progress")
            if limited is not None:  # the same for every reference: it reveals nothing
                context = {"form": form, "problem": limited.message}
                return render(request, "feedback/public/progress_request.html", context, status=429)
            if trap is Trap.TOO_FAST:
                form.add_error(
                    "reference", "Wait a few seconds, then select ‘Send me a link’ again"
                )
            else:
                if trap is Trap.PASSED:
                    progress_link_request(
                        reference=form.cleaned_data["reference"],
                        email=form.cleaned_data["email"],
                    )
                else:  # a robot: the same answer as everyone, and nothing sent
                    logger.info("Progress request refused by the spam trap")
                return redirect("public:progress_sent")
    else:
        form = ProgressRequestForm(initial={"started": timetrap_token()})
    return render(request, "feedback/public/progress_request.html", {"form": form})


def progress_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/public/progress_sent.html",
        {"days": MAX_AGE_SECONDS // (24 * 3600)},
    )


def progress_case(request: HttpRequest, token: str) -> HttpResponse:
    case = progress_case_from_token(token)
    if case is None:
        response = render(request, "feedback/public/progress_invalid.html", status=404)
        return private(response)
    events = progress_events(case=case)
    context = {
        "case": case,
        "token": token,
        "stage_words": _stage_words(case),
        "events": events,
    }
    return private(render(request, "feedback/public/progress_case.html", context))

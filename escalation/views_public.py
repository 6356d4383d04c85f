"""The customer's own actions from their progress page: ask for a Stage 2 review (within the
window the policy sets) and withdraw a complaint. The signed token in the URL is the only
key (feedback.progress); an invalid or expired one gets a 404 that says what to do."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from feedback.progress import progress_case_from_token
from feedback.selectors import ombudsman_route
from feedback.transitions import TransitionError

from . import selectors, services
from .forms import Stage2RequestForm, WithdrawForm

TEMPLATES = "escalation/public/"


def private(response: HttpResponse) -> HttpResponse:
    """A page about someone's case: never cached, its token-bearing address never sent on."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def progress_page(token: str) -> str:
    try:
        return reverse("public:progress_case", args=[token])
    except NoReverseMatch:
        return reverse("progress_actions:done", args=[token])


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return private(render(request, TEMPLATES + template, context, status=status))


def _case_or_404(request, token: str):
    case = progress_case_from_token(token)
    if case is None:
        return None, _page(request, "invalid.html", {}, status=404)
    return case, None


@require_http_methods(["GET", "POST"])
def stage2_request(request, token: str):
    case, invalid = _case_or_404(request, token)
    if invalid:
        return invalid
    window = selectors.escalation_window(case=case)
    context = {
        "case": case,
        "token": token,
        "back": progress_page(token),
        "window": window,
        "ombudsman": ombudsman_route(case=case),
    }
    if not window["open"]:
        return _page(request, "stage2_closed.html", context, status=200)
    form = Stage2RequestForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_stage2_request(case=case, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            context["problem"] = error.message
            return _page(request, "stage2_request.html", context, status=409)
        messages.success(
            request,
            f"We have your request for a Stage 2 review. We will respond by "
            f"{case.respond_by:%-d %B %Y}.",
        )
        return redirect(progress_page(token))
    status = 400 if form.errors else 200
    return _page(request, "stage2_request.html", context, status=status)


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    case, invalid = _case_or_404(request, token)
    if invalid:
        return invalid
    context = {"case": case, "token": token, "back": progress_page(token)}
    if not selectors.withdrawable(case):
        return _page(request, "withdraw_closed.html", context)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_withdraw(case=case, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            context["problem"] = error.message
            return _page(request, "withdraw.html", context, status=409)
        # Withdrawing ends the case's progress links, this one included: say so here.
        return _page(request, "withdrawn.html", {"case": case})
    return _page(request, "withdraw.html", context, status=400 if form.errors else 200)


def done(request, token: str):
    """Where the customer lands when the progress page is not installed (tests, API only)."""
    case, invalid = _case_or_404(request, token)
    if invalid:
        return invalid
    return _page(request, "done.html", {"case": case, "token": token})

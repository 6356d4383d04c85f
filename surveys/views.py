"""The customer's survey page (no account: the signed link is the key) and the officer's
paper survey. The customer's pages are never cached and never send their address on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from feedback.selectors import case_get_for_user
from feedback.views_officer.access import officer_required

from . import selectors, services
from .forms import SurveyForm
from .paper import survey_paper_pdf


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, f"surveys/public/{template}", context, status=status))


@require_http_methods(["GET", "POST"])
def survey_answer(request, token: str):
    invitation = selectors.invitation_from_token(token)
    if invitation is None:
        return _page(request, "invalid.html", {}, status=404)
    context = {"invitation": invitation, "case": invitation.case}
    if invitation.is_answered:
        return _page(request, "already_answered.html", context)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.survey_answer(invitation_id=invitation.pk, answers=form.cleaned_data)
        return redirect(reverse("surveys:thanks", args=[token]))
    return _page(request, "survey.html", {**context, "form": form})


@require_GET
def survey_thanks(request, token: str):
    invitation = selectors.invitation_from_token(token)
    if invitation is None:
        return _page(request, "invalid.html", {}, status=404)
    return _page(request, "thanks.html", {"invitation": invitation, "case": invitation.case})


@login_required
@require_GET
def survey_paper(request, reference: str):
    """The one-page paper survey for the case's last formal stage, to enclose with a letter."""
    case = case_get_for_user(user=request.user, reference=reference)
    pdf = survey_paper_pdf(case=case, stage=case.formal_stage)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-survey.pdf"'
    return _private(response)


@officer_required(*services.PAPER_ANSWER_PERMISSIONS)
@require_http_methods(["GET", "POST"])
def survey_paper_answer_enter(request, reference: str):
    """Type in a paper survey the customer posted back, for the case's last formal stage (the
    stage the printed survey asks about)."""
    case = case_get_for_user(user=request.user, reference=reference)
    if not services.is_surveyed(case):
        raise Http404("Compliments are not surveyed.")
    stage = case.formal_stage
    answered = selectors.stage_answered(case=case, stage=stage)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        recorded = services.survey_paper_answer_record(
            case=case, stage=stage, answers=form.cleaned_data, officer=request.user
        )
        if recorded:
            messages.success(request, "Paper survey answer recorded")
            return redirect(reverse("officer:case_detail", args=[case.reference]) + "#survey")
        answered = True
    return render(
        request,
        "surveys/officer/paper_answer.html",
        {
            "case": case,
            "stage": stage,
            "form": form,
            "answered": answered,
            "form_errors": [form] if form.errors else [],
        },
        status=409 if answered and request.method == "POST" else 200,
    )

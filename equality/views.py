"""The questionnaire, for the customer (a signed link) and for an officer with the customer on
the phone. Neither page shows answers already given, nor says whether there are any."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from feedback.selectors import case_get_for_user
from feedback.views_officer.access import casework_required
from feedback.views_public.common import private

from .forms import EqualityForm
from .links import case_for_token
from .models import AnsweredThrough
from .services import equality_answers_record


@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    case = case_for_token(token)
    if case is None:
        raise Http404("This link has expired or is not right.")
    form = EqualityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        equality_answers_record(
            case=case, answers=form.cleaned_data, answered_through=AnsweredThrough.WEB
        )
        return redirect("equality:thanks")
    return private(
        render(request, "equality/public/questionnaire.html", {"form": form, "token": token})
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "equality/public/thanks.html")


@casework_required
@require_http_methods(["GET", "POST"])
def officer_questionnaire(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference)
    form = EqualityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        equality_answers_record(
            case=case, answers=form.cleaned_data, answered_through=AnsweredThrough.OFFICER
        )
        messages.success(
            request,
            _(
                "The equality monitoring answers are saved. They are kept apart from the case "
                "and only counted in reports."
            ),
        )
        return redirect("officer:case_detail", reference=case.reference)
    return private(
        render(request, "equality/officer/questionnaire.html", {"form": form, "case": case})
    )

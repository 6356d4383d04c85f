"""Check your answers, sending, and the confirmation page."""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods

from ..drafts import Draft, last_case_id, submitted_case_id, submitted_record
from ..forms_public import CheckAnswersForm
from ..intake import public_case_submit
from ..models import FeedbackKind, Organisation, PreferredFormat, ServiceArea
from ..public_urls import public_url
from ..ratelimits import limit_hit
from ..reference import services_active
from ..selectors import (
    acknowledgement_status,
    case_by_idempotency_key,
    case_for_confirmation,
    organisation_for_request,
)
from ..spam import Trap
from .common import no_draft_redirect, organisation_or_none, private
from .steps import STEPS_BY_NAME, steps_applicable, steps_cleaned, url_to_finish

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Row:
    key: str
    lines: list[str]
    change_url: str
    change_label: str


def _rows(draft: Draft, organisation: Organisation) -> list[Row]:
    """The answers as the customer will read them back, each with its Change link."""
    steps = {step.name for step in steps_applicable(draft)}
    data = draft.step_data

    def row(step: str, key: str, lines, label: str | None = None) -> Row:
        lines = [line for line in lines if line] or ["Not given"]
        url = STEPS_BY_NAME[step].url(change=True)
        return Row(key=key, lines=lines, change_url=url, change_label=label or key.lower())

    kind = FeedbackKind(draft.kind)
    services = {str(service.pk): service.name for service in services_active(organisation)}
    service = services.get(str(data("service").get("service")), "")
    details = data("details")
    rows = [
        row("kind", "Type of feedback", [kind.label]),
        row("service", "Service", [service]),
        row("details", "Summary", [details.get("summary", "")]),
        row("details", "What happened", details.get("description", "").splitlines()),
    ]
    if kind == FeedbackKind.COMPLIMENT:
        rows.append(row("details", "Who you want to praise", [details.get("staff_member_named")]))
    if "outcome" in steps:
        rows.append(
            row(
                "outcome",
                "What would put things right",
                data("outcome").get("outcome_wanted", "").splitlines(),
            )
        )
    rep = data("representative")
    if rep.get("acting_for") == "yes":
        rep_lines = [
            rep.get("representative_name"),
            rep.get("representative_relationship"),
            rep.get("representative_email"),
            rep.get("representative_phone"),
            "They have agreed that you can act for them",
        ]
    else:
        rep_lines = ["No"]
    rows.append(row("representative", "Sending for someone else", rep_lines))
    contact = data("contact")
    name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    rows += [
        row("contact", "Name", [name]),
        row("contact", "Email address", [contact.get("email")]),
        row("contact", "Telephone number", [contact.get("phone")]),
        row(
            "contact",
            "Postal address",
            [*contact.get("address", "").splitlines(), contact.get("postcode")],
        ),
    ]
    if "needs" in steps:
        needs = data("needs")
        chosen = needs.get("preferred_format", PreferredFormat.STANDARD)
        label = PreferredFormat(chosen).label
        if chosen == PreferredFormat.OTHER_LANGUAGE:
            label = f"{label}: {needs.get('preferred_language', '')}"
        rows.append(row("needs", "How we write to you", [label], "format"))
        rows.append(
            row(
                "needs",
                "Help to make contact easier",
                needs.get("accessibility_needs", "").splitlines() or ["None"],
            )
        )
    files = [f"{u.name} ({filesizeformat(u.size)})" for u in draft.attachments]
    rows.append(row("attachments", "Documents", files or ["None"], "documents"))
    return rows


def _render_check(request, draft: Draft, form, *, problem: str = "", status: int = 200):
    context = {
        "draft": draft,
        "rows": _rows(draft, organisation_for_request(request)),
        "form": form,
        "problem": problem,
        "back_url": STEPS_BY_NAME["attachments"].url(),
    }
    return private(render(request, "feedback/public/check.html", context, status=status))


SPAM_MESSAGE = (
    "We could not accept this form. If you typed anything in a box labelled "
    "‘Leave this box empty’, clear it and send the form again."
)
TOO_FAST_MESSAGE = (
    "This form was sent faster than we expected. Check your answers, wait a few seconds "
    "and select ‘Send’ again."
)
FAILED_MESSAGE = (
    "Sorry, there is a problem with the service and your feedback has not been sent. "
    "Your answers are kept: try sending again in a few minutes."
)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    organisation = organisation_or_none(request)
    token = request.POST.get("submit_token", "")
    if request.method == "POST" and token:
        done = submitted_case_id(request.session, token)
        if done is not None:  # a double click, or back and send again: the case exists
            return HttpResponseRedirect(public_url("public:confirmation"))
    draft = Draft.load(request.session)
    if draft is None or organisation is None:
        return no_draft_redirect(request)
    pending, cleaned = steps_cleaned(draft, organisation)
    if pending is not None:
        return HttpResponseRedirect(url_to_finish(draft, pending))

    initial = {"submit_token": draft.submit_token, "started": draft.started}
    if request.method == "GET":
        return _render_check(request, draft, CheckAnswersForm(initial=initial))

    form = CheckAnswersForm(data=request.POST)
    if not form.is_valid() or form.cleaned_data["submit_token"] != draft.submit_token:
        # A page from an earlier form: show the answers as they are now.
        return HttpResponseRedirect(public_url("public:check"))
    limited = limit_hit(request, scope="submit")
    if limited is not None:  # the draft is untouched: the answers wait in the session
        return _render_check(
            request, draft, CheckAnswersForm(initial=initial), problem=limited.message, status=429
        )
    trap = form.spam_trap()
    if trap is not Trap.PASSED:
        logger.info("Public form refused by the spam trap: %s", trap.value)
        message = SPAM_MESSAGE if trap is Trap.SPAM else TOO_FAST_MESSAGE
        return _render_check(
            request, draft, CheckAnswersForm(initial=initial), problem=message, status=400
        )
    try:
        case = public_case_submit(
            organisation=organisation,
            service=cleaned["service"]["service"],
            answers=draft.data["steps"],
            attachments=draft.attachments,
            idempotency_key=draft.submit_token,
        )
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        case = case_by_idempotency_key(draft.submit_token)
        if case is None:
            logger.exception("Public form could not be stored")
            return _render_check(
                request,
                draft,
                CheckAnswersForm(initial=initial),
                problem=FAILED_MESSAGE,
                status=503,
            )
    except (DatabaseError, OSError, ValueError, ServiceArea.DoesNotExist):
        logger.exception("Public form could not be stored")
        return _render_check(
            request, draft, CheckAnswersForm(initial=initial), problem=FAILED_MESSAGE, status=503
        )
    submitted_record(request.session, token=draft.submit_token, case_id=case.pk)
    draft.discard(delete_files=False)  # the service deletes them once the case is committed
    return HttpResponseRedirect(public_url("public:confirmation"))


def confirmation(request: HttpRequest) -> HttpResponse:
    case_id = last_case_id(request.session)
    case = case_for_confirmation(case_id) if case_id else None
    if case is None:
        return HttpResponseRedirect(public_url("public:start"))
    emailed_to, email_status = acknowledgement_status(case=case)
    context = {
        "case": case,
        "emailed_to": emailed_to,
        "email_status": email_status,
        "progress_url": public_url("public:progress"),
    }
    return private(render(request, "feedback/public/confirmation.html", context))

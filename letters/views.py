"""Officer pages for letters: write, preview, send, re-send; failed deliveries; print batches.

Every view finds its case or letter through feedback's access helpers (404 outside the
officer's services, 403 for users who see no cases) and calls a service to change anything.
"""

from datetime import date

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from feedback import clock
from feedback.access_log import access_record
from feedback.models import AccessLogEntry
from feedback.selectors import case_get_for_user, organisation_current
from feedback.states import OPEN_STATES
from feedback.transitions import TransitionError, TransitionInvalid, transitions_offered

from . import selectors, services
from .forms import (
    ApprovalAskForm,
    ApprovalDecisionForm,
    LetterDraftForm,
    LetterKindForm,
    LetterResendForm,
    LetterSendForm,
)
from .models import WRITE_PERMISSION, Letter, approval_needed, approved_if_needed

POST_ROOM_PERMISSION = "feedback.view_all_services"


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _read(request, letter: Letter) -> None:
    access_record(
        request=request,
        kind=AccessLogEntry.Kind.LETTER,
        object_id=letter.pk,
        case_reference=letter.case.reference,
        customer_id=letter.case.customer_id,
    )


def _letter_url(letter: Letter) -> str:
    return reverse("letters:detail", args=[letter.pk])


@login_required
@require_POST
def letter_create(request, reference: str):
    case = case_get_for_user(user=request.user, reference=reference)
    _require(request.user, WRITE_PERMISSION)
    form = LetterKindForm(request.POST, kinds=selectors.letter_kinds_available(case=case))
    if not form.is_valid():
        messages.error(request, "That letter does not fit this case now.")
        return redirect(request.POST.get("next") or reverse("letters:case", args=[reference]))
    letter = services.letter_draft_create(
        case=case, kind=form.cleaned_data["kind"], user=request.user
    )
    return redirect(_letter_url(letter))


@login_required
@require_GET
def case_letters(request, reference: str):
    """The case's letters on a page of their own (the case page shows the same panel)."""
    case = case_get_for_user(user=request.user, reference=reference)
    return render(request, "letters/officer/case_letters.html", {"case": case})


def _approval_context(request, letter: Letter) -> dict:
    """What the letter page shows about approval and the deadline: flags, not rules."""
    if letter.is_sent:
        return {"approval_needed": False, "may_send": True}
    now = clock.now()
    offered = {
        option.name for option in transitions_offered(obj=letter, user=request.user, now=now)
    }
    case = letter.case
    today = clock.local_date(now)
    return {
        "approval_needed": approval_needed(letter),
        "may_send": approved_if_needed(letter),
        "may_ask_approval": "submit_for_approval" in offered,
        "may_decide": bool(offered & {"approve", "return_with_comments"}),
        "decide_refusal": (
            services.approval_refusal(letter=letter, user=request.user)
            if letter.is_awaiting_approval
            else ""
        ),
        "respond_by": case.respond_by if case.state in OPEN_STATES else None,
        "overdue": case.state in OPEN_STATES
        and case.respond_by is not None
        and case.respond_by < today,
    }


def _detail_context(request, letter: Letter, **extra) -> dict:
    facts_missing = [] if letter.is_sent else services.letter_missing_parts(letter)
    context = {
        **_approval_context(request, letter),
        "ask_form": ApprovalAskForm(),
        "decision_form": ApprovalDecisionForm(),
        "letter": letter,
        "case": letter.case,
        "can_write": request.user.has_perm(WRITE_PERMISSION),
        "missing": facts_missing,
        "deliveries": letter.deliveries.select_related("notification", "created_by"),
        "replaced_by": letter.replaced_by.order_by("-created_at").first(),
        "recipient_email": selectors.letter_recipient_email(letter=letter),
        "recipient_address": selectors.letter_recipient_address(letter=letter),
    }
    if "form" not in extra and not letter.is_sent:
        context["form"] = LetterDraftForm(
            initial={
                "subject": letter.subject,
                "body": letter.body,
                "large_print": letter.large_print,
            }
        )
    if letter.render_state == "ready" and not letter.is_sent and "send_form" not in extra:
        context["send_form"] = LetterSendForm(
            initial={"sha256": letter.sha256, "method": letter.delivery}
        )
    if letter.is_sent and "resend_form" not in extra:
        context["resend_form"] = LetterResendForm(
            initial={"deliveries_seen": letter.deliveries.count(), "method": letter.delivery}
        )
    context.update(extra)
    return context


@login_required
def letter_detail(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    if request.method != "POST":
        _read(request, letter)
        return render(request, "letters/officer/letter.html", _detail_context(request, letter))
    _require(request.user, WRITE_PERMISSION)
    if letter.is_sent:
        messages.error(request, "This letter has been sent and cannot change.")
        return redirect(_letter_url(letter))
    form = LetterDraftForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, letter, form=form)
        return render(request, "letters/officer/letter.html", context, status=400)
    try:
        letter = services.letter_draft_update(
            letter_id=letter.pk, user=request.user, **form.cleaned_data
        )
        if "preview" in request.POST:
            missing = services.letter_preview_request(letter_id=letter.pk, user=request.user)
            if missing:
                context = _detail_context(request, letter, form=form, missing=missing)
                context["preview_refused"] = True
                return render(request, "letters/officer/letter.html", context, status=400)
        else:
            messages.success(request, "Draft saved.")
    except services.LetterError as exc:
        messages.error(request, str(exc))
    return redirect(_letter_url(letter))


@login_required
@require_GET
def letter_status(request, pk: int):
    """Polled by letters/letter-status.js while the PDF is being made."""
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    state = letter.render_state
    return JsonResponse(
        {
            "state": state,
            "sha256": letter.sha256 if state == "ready" else "",
            "pages": letter.pages if state == "ready" else None,
            "error": letter.render_error if state == "failed" else "",
        }
    )


@login_required
@require_GET
# The letter page shows the PDF in a frame of its own: this response alone may be framed,
# and only by this site (both the old header and the Content Security Policy say so).
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def letter_pdf(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    if not letter.pdf or letter.render_state != "ready":
        raise Http404("No PDF yet")
    _read(request, letter)
    return _pdf_response(letter)


def _pdf_response(letter: Letter) -> FileResponse:
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"{letter.case.reference}-{letter.kind.replace('_', '-')}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def letter_send(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    _require(request.user, WRITE_PERMISSION)
    form = LetterSendForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, letter, send_form=form)
        return render(request, "letters/officer/letter.html", context, status=400)
    was_sent = letter.is_sent
    try:
        letter = services.letter_send(
            letter_id=letter.pk,
            user=request.user,
            method=form.cleaned_data["method"],
            sha256=form.cleaned_data["sha256"],
        )
    except services.LetterError as exc:
        messages.error(request, str(exc))
        return redirect(_letter_url(letter))
    if not was_sent:
        how = "emailed" if letter.delivery == Letter.Delivery.EMAIL else "added to today's post"
        messages.success(request, f"Letter sent: {how}.")
    return redirect(_letter_url(letter))


@login_required
@require_POST
def letter_resend(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    _require(request.user, WRITE_PERMISSION)
    form = LetterResendForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, letter, resend_form=form)
        return render(request, "letters/officer/letter.html", context, status=400)
    try:
        delivery = services.letter_resend(
            letter_id=letter.pk, user=request.user, **form.cleaned_data
        )
    except services.LetterError as exc:
        messages.error(request, str(exc))
    else:
        if delivery is not None:
            messages.success(request, "The same letter has been sent again.")
    return redirect(_letter_url(letter))


@login_required
@require_POST
def letter_approval_ask(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    _require(request.user, WRITE_PERMISSION)
    form = ApprovalAskForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, letter, ask_form=form)
        return render(request, "letters/officer/letter.html", context, status=400)
    try:
        services.letter_approval_ask(
            letter_id=letter.pk, user=request.user, note=form.cleaned_data["note"]
        )
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The letter is waiting for a manager's approval.")
    return redirect(_letter_url(letter))


@login_required
@require_POST
def letter_approval_decide(request, pk: int):
    """A manager approves the letter, or returns it to its officer with comments."""
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    form = ApprovalDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decide = services.letter_approve if approve else services.letter_return
        try:
            decide(letter_id=letter.pk, user=request.user, comments=form.cleaned_data["comments"])
        except TransitionInvalid as exc:
            form.add_error("comments", exc.field_errors.get("reason", exc.message))
        except TransitionError as exc:
            refusal = services.approval_refusal(letter=letter, user=request.user)
            messages.error(request, refusal or exc.message)
            return redirect(_letter_url(letter))
        else:
            messages.success(
                request,
                "Letter approved: its officer can send it."
                if approve
                else "Letter returned to its officer with your comments.",
            )
            return redirect(_letter_url(letter))
    context = _detail_context(request, letter, decision_form=form)
    return render(request, "letters/officer/letter.html", context, status=400)


@login_required
@require_POST
def letter_redraft(request, pk: int):
    letter = selectors.letter_get_for_user(user=request.user, letter_id=pk)
    _require(request.user, WRITE_PERMISSION)
    draft = services.letter_redraft(letter_id=letter.pk, user=request.user)
    return redirect(_letter_url(draft))


@login_required
@require_GET
def failed_deliveries(request):
    if not request.user.has_perm("feedback.view_case"):
        raise PermissionDenied
    deliveries = list(selectors.deliveries_failing(user=request.user)[:200])
    return render(request, "letters/officer/failed.html", {"deliveries": deliveries})


def _post_room(request):
    _require(request.user, POST_ROOM_PERMISSION)
    organisation = organisation_current()
    if organisation is None:
        raise Http404
    return organisation


@login_required
@require_GET
def print_batches(request):
    organisation = _post_room(request)
    batches = list(selectors.print_batches(organisation=organisation)[:60])
    return render(request, "letters/officer/print_batches.html", {"batches": batches})


@login_required
@require_GET
def print_batch_download(request, day: str):
    organisation = _post_room(request)
    try:
        on_date = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404 from exc
    content = selectors.print_batch_pdf(organisation=organisation, day=on_date)
    if content is None:
        raise Http404("No postal letters that day")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letters-for-post-{on_date}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

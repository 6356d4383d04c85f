"""The start page and the question pages of the public form."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods

from ..drafts import Draft
from ..forms_public import AttachmentForm, KindForm
from ..ratelimits import limit_hit
from ..uploads import pending_upload_save
from .common import no_draft_redirect, organisation_or_none, private
from .steps import (
    QUESTION_STEPS,
    STEPS_BY_NAME,
    Step,
    step_first_unanswered_before,
    url_after,
    url_before,
)


def start(request: HttpRequest) -> HttpResponse:
    # The timescales come from the escalation_promise tag; the organisation from the context.
    # "Start now" goes straight to the first question, which starts the draft (or keeps the one
    # already begun): one request fewer than through `new`.
    return render(
        request,
        "feedback/public/start.html",
        {"max_files": settings.ATTACHMENT_MAX_FILES, "first_question": STEPS_BY_NAME["kind"].url()},
    )


def new(request: HttpRequest) -> HttpResponse:
    """ "Tell us something else", and old links: keeps answers already given (a second click
    must not wipe them)."""
    if Draft.load(request.session) is None:
        Draft.start(request.session)
    return HttpResponseRedirect(STEPS_BY_NAME["kind"].url())


def _render_step(request, draft, step: Step, form, *, change: bool, status: int = 200):
    context = {
        "form": form,
        "step": step,
        "draft": draft,
        "kind": draft.kind,
        "change": change,
        "back_url": url_before(draft, step, change=change),
        "action": step.url(change=change),
    }
    if step.name == "kind":
        context["hints"] = KindForm.hints
    if step.name == "attachments":
        context.update(
            uploads=draft.attachments,
            max_files=settings.ATTACHMENT_MAX_FILES,
            max_size=filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            allowed=sorted(set(settings.ATTACHMENT_ALLOWED_TYPES.values())),
        )
    return private(render(request, step.template, context, status=status))


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, step: str) -> HttpResponse:
    if step not in QUESTION_STEPS:
        raise Http404("No such question")
    current = STEPS_BY_NAME[step]
    organisation = organisation_or_none(request)
    if organisation is None:
        raise Http404("This council has not been set up yet")
    draft = Draft.load(request.session)
    if draft is None:
        if step != "kind" or request.method == "POST":
            return no_draft_redirect(request)
        draft = Draft.start(request.session)
    change = request.GET.get("change") == "1"
    skipped = step_first_unanswered_before(draft, current)
    if skipped is not None:
        return HttpResponseRedirect(skipped.url())
    if not current.applies(draft):
        return HttpResponseRedirect(url_after(draft, organisation, current, change=True))

    if request.method == "POST":
        form = current.form(draft, organisation, data=request.POST)
        if form.is_valid():
            draft.step_save(current.name, form.stored())
            return HttpResponseRedirect(url_after(draft, organisation, current, change=change))
        return _render_step(request, draft, current, form, change=change)

    stored = draft.step_data(current.name)
    if stored and request.GET.get("recheck") == "1":
        # Sent back from check answers because an answer no longer fits: show why.
        form = current.form(draft, organisation, data=stored)
        form.is_valid()
    else:
        form = current.form(draft, organisation, initial=stored)
    return _render_step(request, draft, current, form, change=change)


@require_http_methods(["GET", "POST"])
def attachments(request: HttpRequest) -> HttpResponse:
    """Optional documents, one at a time (works without JavaScript)."""
    current = STEPS_BY_NAME["attachments"]
    organisation = organisation_or_none(request)
    draft = Draft.load(request.session)
    if draft is None or organisation is None:
        return no_draft_redirect(request)
    change = request.GET.get("change") == "1"
    skipped = step_first_unanswered_before(draft, current)
    if skipped is not None:
        return HttpResponseRedirect(skipped.url())

    form = AttachmentForm(already=len(draft.attachments))
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            draft.attachment_remove(remove)
            return HttpResponseRedirect(current.url(change=change))
        action = request.POST.get("action", "continue")
        if action == "upload" or request.FILES.get("document"):
            form = AttachmentForm(
                data=request.POST,
                files=request.FILES,
                already=len(draft.attachments),
                limited=limit_hit(request, scope="upload"),
            )
            if not form.is_valid():
                status = 429 if form.limited else 200
                return _render_step(request, draft, current, form, change=change, status=status)
            draft.attachment_add(
                pending_upload_save(
                    file=form.cleaned_data["document"], content_type=form.content_type
                )
            )
            if action == "upload":
                return HttpResponseRedirect(current.url(change=change))
        draft.step_save(current.name, {"seen": True})
        return HttpResponseRedirect(url_after(draft, organisation, current, change=change))
    return _render_step(request, draft, current, form, change=change)

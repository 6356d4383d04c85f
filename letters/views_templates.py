"""The complaints manager's letter settings: the template editor (list, edit: a save is a new
version, and a PDF preview of the wording on a made-up sample case), and which services'
response letters need a manager's approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from feedback import clock
from feedback.models import ServiceArea
from feedback.selectors import organisation_current

from . import selectors, services
from .document import document_build, merge_values
from .forms import ApprovalRulesForm, LetterTemplateForm
from .merge_fields import FIELDS, merge_render
from .models import LetterKind
from .rendering import letter_pdf
from .sample import sample_facts_for

PERMISSION = "feedback.manage_policies"


def _manager_organisation(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    organisation = organisation_current()
    if organisation is None:
        raise Http404
    return organisation


def _kind(kind: str) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError as exc:
        raise Http404 from exc


@login_required
def template_list(request):
    organisation = _manager_organisation(request)
    templates = {t.kind: t for t in selectors.templates_current(organisation=organisation)}
    rows = [(kind, templates.get(kind.value)) for kind in LetterKind]
    return render(request, "letters/officer/templates.html", {"rows": rows})


@login_required
def template_edit(request, kind: str):
    organisation = _manager_organisation(request)
    kind = _kind(kind)
    versions = list(selectors.template_versions(organisation=organisation, kind=kind))
    current = next((v for v in versions if v.is_current), None)
    status = 200
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            template = services.letter_template_save(
                organisation=organisation, kind=kind, user=request.user, **form.cleaned_data
            )
            messages.success(request, f"Saved as version {template.version}.")
            return redirect(reverse("letters:template_edit", args=[kind.value]))
        status = 400
    else:
        initial = {"subject": current.subject, "body": current.body} if current else {}
        form = LetterTemplateForm(initial=initial)
    context = {
        "kind": kind,
        "form": form,
        "versions": versions,
        "current": current,
        "fields": FIELDS,
    }
    return render(request, "letters/officer/template_edit.html", context, status=status)


@login_required
@require_POST
def template_preview(request, kind: str):
    """The wording as typed (saved or not) on the sample case, as the real PDF. Rendered in the
    request: it is one page for one manager, and the sample needs nothing from the worker."""
    organisation = _manager_organisation(request)
    kind = _kind(kind)
    form = LetterTemplateForm(request.POST)
    if not form.is_valid():
        versions = list(selectors.template_versions(organisation=organisation, kind=kind))
        context = {
            "kind": kind,
            "form": form,
            "versions": versions,
            "current": next((v for v in versions if v.is_current), None),
            "fields": FIELDS,
        }
        return render(request, "letters/officer/template_edit.html", context, status=400)
    facts = sample_facts_for(organisation, kind=kind, letter_date=clock.today())
    values = merge_values(facts)
    document = document_build(
        facts=facts,
        kind=kind,
        subject=merge_render(form.cleaned_data["subject"], values),
        body=merge_render(form.cleaned_data["body"], values),
        large_print="large_print" in request.POST,
    )
    response = HttpResponse(letter_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sample-{kind.value}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def approval_rules_edit(request):
    """Which services' response letters wait for a manager's approval before they go."""
    organisation = _manager_organisation(request)
    services_offered = ServiceArea.objects.filter(organisation=organisation, is_active=True)
    every_service, service_ids = selectors.approval_rules(organisation=organisation)
    if request.method == "POST":
        form = ApprovalRulesForm(request.POST, services=services_offered)
        if form.is_valid():
            services.approval_rules_set(
                organisation=organisation,
                user=request.user,
                every_service=form.cleaned_data["every_service"],
                services=list(form.cleaned_data["services"]),
            )
            messages.success(request, "Saved. It applies to letters not yet sent.")
            return redirect(reverse("letters:approval_rules"))
    else:
        form = ApprovalRulesForm(
            initial={"every_service": every_service, "services": service_ids},
            services=services_offered,
        )
    return render(
        request,
        "letters/officer/approval_rules.html",
        {
            "form": form,
            "services": services_offered,
            "every_service": every_service,
            "chosen": set(service_ids),
        },
        status=400 if form.errors else 200,
    )

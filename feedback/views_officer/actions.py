"""Case actions: each a small form posting here, calling one service (which writes the
timeline entry), then redirecting with a success message (post/redirect/get)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .. import services
from ..representatives import case_representative_set
from ..selectors import case_get_for_user, cases_visible_to
from .access import casework_required
from .cases import case_page
from .forms import ACTIONS, action_form


def _action(name: str):
    def decorator(handler):
        @require_POST
        @casework_required
        def view(request: HttpRequest, reference: str) -> HttpResponse:
            # Visibility first: an outsider gets 404 whether or not they hold the permission.
            case = case_get_for_user(user=request.user, reference=reference)
            perm = ACTIONS[name][1]
            if perm is not None and not request.user.has_perm(perm):
                raise PermissionDenied
            form = action_form(name, case, request.POST, request.FILES)
            if not form.is_valid():
                return case_page(request, case, bound={name: form})
            try:
                message = handler(request, case, form)
            except ValueError as refusal:
                # A service's refusal (say, the case was triaged meanwhile): said, nothing saved.
                form.add_error(None, str(refusal))
                return case_page(request, case, bound={name: form}, status=400)
            messages.success(request, message)
            return redirect("officer:case_detail", reference=case.reference)

        view.__name__ = f"case_{name}"
        return view

    return decorator


@_action("categorise")
def case_categorise(request, case, form) -> str:
    services.case_categorise(
        case=case,
        category=form.cleaned_data["category"],
        ground=form.cleaned_data.get("ground"),
        service=form.cleaned_data["service"],
        actor=request.user,
    )
    return "Category and service saved"


@_action("assign")
def case_assign(request, case, form) -> str:
    officer = form.cleaned_data["officer"]
    services.case_assign(case=case, officer=officer, actor=request.user)
    return f"Case assigned to {officer.get_full_name() or officer.get_username()}"


@_action("note")
def case_note(request, case, form) -> str:
    chasing = form.cleaned_data.get("chasing", False)
    services.case_note_add(
        case=case, text=form.cleaned_data["text"], actor=request.user, chasing=chasing
    )
    return "Chasing contact recorded" if chasing else "Note added"


@_action("document")
def case_document(request, case, form) -> str:
    attachment = services.case_document_attach(
        case=case,
        upload=form.cleaned_data["file"],
        content_type=form.content_type,
        actor=request.user,
    )
    return f"Document {attachment.original_name} added"


@_action("reclassify")
def case_reclassify(request, case, form) -> str:
    updated = services.case_reclassify(
        case=case,
        kind=form.cleaned_data["kind"],
        reason=form.cleaned_data["reason"],
        actor=request.user,
    )
    return f"Reclassified as a {updated.get_kind_display().lower()}"


@_action("link")
def case_link(request, case, form) -> str:
    reference = form.cleaned_data["reference"]
    # Only a case the officer may see: another is "not found", as everywhere.
    other = cases_visible_to(request.user).filter(reference=reference).first()
    if other is None:
        raise ValueError(f"No case {reference} that you can see.")
    services.case_link(
        case=case,
        other=other,
        kind=form.cleaned_data["kind"],
        note=form.cleaned_data["note"],
        actor=request.user,
    )
    return f"Linked to {other.reference}"


@_action("representative")
def case_representative(request, case, form) -> str:
    updated = case_representative_set(
        case=case, representative=form.representative(), actor=request.user
    )
    if updated.is_member_enquiry:
        return "Member enquiry recorded: letters will name the member as cc"
    return "Representative saved"

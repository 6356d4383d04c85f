"""Saved case list views: save the list's current filters under a name, rename or share one
with a service team, delete it. Only the owner changes a view; anyone else gets a 404."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..models import SavedCaseView
from ..saved_views import (
    own_view_get,
    saved_query_from,
    saved_view_create,
    saved_view_delete,
    saved_view_update,
    shareable_services,
)
from .access import casework_required


class SavedViewForm(forms.Form):
    name = forms.CharField(
        label="Name this view",
        max_length=80,
        error_messages={"required": "Enter a name for this view"},
    )
    shared_with = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Share with a service team (optional)",
        empty_label="Only me",
        help_text="Its officers see the view in their list; each sees only the cases they may.",
    )

    def __init__(
        self, *args, user, view: SavedCaseView | None = None, services: list | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.view = view
        self.services = services
        field = self.fields["shared_with"]
        field.queryset = shareable_services(user)
        if services is not None:
            # The list page hands over the user's services it already has (cached reference
            # data), so its menu costs no query; a submitted form still checks the queryset.
            field.choices = [("", field.empty_label), *((s.pk, str(s)) for s in services)]

    @property
    def can_share(self) -> bool:
        """Whether the user works in a service to share with (the menu is shown only then)."""
        if self.services is not None:
            return bool(self.services)
        return self.fields["shared_with"].queryset.exists()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = SavedCaseView.objects.filter(owner=self.user, name__iexact=name)
        if self.view is not None:
            others = others.exclude(pk=self.view.pk)
        if others.exists():
            raise forms.ValidationError("You already have a view with this name")
        return name


def _list_url(query: str) -> str:
    return reverse("officer:case_list") + (f"?{query}" if query else "")


@require_POST
@casework_required
def saved_view_add(request: HttpRequest) -> HttpResponse:
    query = saved_query_from(QueryDict(request.POST.get("query", "")))
    form = SavedViewForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_list_url(query))
    view = saved_view_create(
        user=request.user,
        name=form.cleaned_data["name"],
        query=query,
        shared_with=form.cleaned_data["shared_with"],
    )
    messages.success(request, f"Saved the view “{view.name}”")
    return redirect(_list_url(query))


@casework_required
def saved_view_edit(request: HttpRequest, pk: int) -> HttpResponse:
    view = own_view_get(user=request.user, pk=pk)
    form = SavedViewForm(
        request.POST or None,
        user=request.user,
        view=view,
        initial={"name": view.name, "shared_with": view.shared_with},
    )
    if request.method == "POST" and form.is_valid():
        saved_view_update(
            view=view, name=form.cleaned_data["name"], shared_with=form.cleaned_data["shared_with"]
        )
        messages.success(request, f"Saved the view “{view.name}”")
        return redirect(_list_url(view.query))
    return render(
        request,
        "feedback/officer/saved_view_edit.html",
        {"view": view, "form": form, "form_errors": [form] if form.errors else []},
        status=400 if form.errors else 200,
    )


@require_POST
@casework_required
def saved_view_remove(request: HttpRequest, pk: int) -> HttpResponse:
    view = own_view_get(user=request.user, pk=pk)
    name = view.name
    saved_view_delete(view=view)
    messages.success(request, f"Deleted the view “{name}”")
    return redirect("officer:case_list")

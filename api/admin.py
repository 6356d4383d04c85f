"""API tokens in the admin: list them, issue one (its key is shown once), revoke them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import ApiToken
from .tokens import api_token_issue, api_token_revoke


class ApiTokenIssueForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(min_value=1, max_value=3650, initial=365, help_text="Valid for.")
    user = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("username"))

    class Meta:
        model = ApiToken
        fields = ["name", "user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope_list", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]
    readonly_fields = ["name", "user", "prefix", "scopes", "created_at", "expires_at",
                       "revoked_at"]  # fmt: skip

    @admin.display(description="Scopes")
    def scope_list(self, token: ApiToken) -> str:
        return ", ".join(token.scopes)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["name", "user", "scopes", "days"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        name = form.cleaned_data["name"]
        # Issuing for an integration that has a token replaces it (one per integration).
        replacing = ApiToken.objects.filter(name=name, revoked_at__isnull=True).exists()
        token, key = api_token_issue(
            name=name,
            username=form.cleaned_data["user"].get_username(),
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
            rotate=replacing,
        )
        if replacing:
            self.message_user(request, "The integration's earlier token has been revoked.")
        obj.pk = token.pk
        self.message_user(
            request,
            f"The key for {token.name} is {key} — copy it now: it is not stored and will not be "
            "shown again.",
            messages.WARNING,
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        now = timezone.now()
        for token in queryset:
            api_token_revoke(token=token, now=now)
        self.message_user(request, f"{queryset.count()} token(s) revoked.")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead, so the record of who had access stays

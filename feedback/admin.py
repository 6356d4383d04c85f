"""The Django admin, for administrators: the council's profile and reference data, officers
and their services, customers and cases. A case's state is read-only here: it changes only
through the lifecycle's transitions (a ModelForm including an FSM-protected field would fail)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Case,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    InboundEmail,
    Notification,
    OfficerProfile,
    Organisation,
    RetentionRule,
    ServiceArea,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nation", "phone", "email"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "nation", "complaints_team_name"]}),
        ("Contact details", {"fields": ["address", "phone", "email", "website"]}),
        (
            "Local Government and Social Care Ombudsman",
            {
                "fields": [
                    "ombudsman_name",
                    "ombudsman_address",
                    "ombudsman_phone",
                    "ombudsman_website",
                ]
            },
        ),
        (
            "Housing Ombudsman",
            {
                "fields": [
                    "housing_ombudsman_name",
                    "housing_ombudsman_address",
                    "housing_ombudsman_phone",
                    "housing_ombudsman_website",
                ]
            },
        ),
    ]


class ReferenceDataAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ServiceArea)
class ServiceAreaAdmin(ReferenceDataAdmin):
    list_display = ["name", "manager", "email", "is_landlord_service", "is_active", "position"]
    list_filter = ["is_active", "is_landlord_service"]
    list_select_related = ["manager"]
    autocomplete_fields = ["manager"]


@admin.register(Category)
class CategoryAdmin(ReferenceDataAdmin):
    list_display = [
        "name",
        "for_complaints",
        "for_comments",
        "for_compliments",
        "is_active",
        "position",
    ]


@admin.register(ComplaintGround)
class ComplaintGroundAdmin(ReferenceDataAdmin):
    pass


@admin.register(Channel)
class ChannelAdmin(ReferenceDataAdmin):
    list_display = ["name", "is_electronic", "is_active", "position"]


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "email", "phone", "postcode", "preferred_format", "created_at"]
    list_filter = ["preferred_format"]
    search_fields = ["first_name", "last_name", "email", "phone", "postcode"]
    readonly_fields = ["contact_restriction_set_at", "contact_restriction_set_by", "created_at"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "kind",
        "state",
        "service",
        "category",
        "channel",
        "received_at",
        "respond_by",
        "assigned_to",
    ]
    list_filter = ["kind", "state", "service", "category", "channel", "received_at"]
    list_select_related = ["service", "category", "channel", "assigned_to"]
    search_fields = ["reference", "summary", "customer__last_name", "customer__email"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "reference",
        "state",
        "organisation",
        "received_at",
        "acknowledge_by",
        "acknowledged_at",
        "respond_by",
        "overdue_since",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["customer", "related_case"]
    autocomplete_fields = ["assigned_to"]

    def has_add_permission(self, request) -> bool:
        # Cases arrive through the public form, "Log a contact" or the API, which number them
        # and write the first timeline entry.
        return False

    def save_model(self, request, obj, form, change) -> None:
        services.case_admin_update(case=obj, changed_fields=form.changed_data, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record written by a background job: administrators read it, nobody edits it here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The retention schedule: years after closure, per kind and outcome (feedback.retention).
    A kind and outcome with no rule keeps the default."""

    list_display = ["kind", "outcome", "years"]
    list_editable = ["years"]
    exclude = ["organisation"]

    def save_model(self, request, obj, form, change) -> None:
        obj.organisation = Organisation.objects.order_by("pk").first()
        super().save_model(request, obj, form, change)


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdmin):
    """Every message the intake mailbox gave us, how it ended, and its repeats."""

    list_display = ["processed_at", "sender", "subject", "outcome", "case", "duplicates"]
    list_filter = ["outcome", ("reuses_message_id_of", admin.EmptyFieldListFilter)]
    list_select_related = ["case"]
    search_fields = ["message_id", "sender", "subject", "source", "case__reference"]
    date_hierarchy = "processed_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox: what was promised by email, and whether it went."""

    list_display = ["created_at", "key", "to", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key", "to", "case__reference"]
    date_hierarchy = "created_at"
    exclude = ["attachment_content"]


class OfficerProfileInline(admin.StackedInline):
    model = OfficerProfile
    can_delete = False
    filter_horizontal = ["services"]
    verbose_name_plural = "Officer profile"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class OfficerUserAdmin(UserAdmin):
    inlines = [OfficerProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]

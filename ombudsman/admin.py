"""Administration: the list of Ombudsmen is edited here; cases are read here and changed on
the officer pages (their state moves only through the lifecycle services)."""

from django.contrib import admin

from .models import (
    OmbudsmanBody,
    OmbudsmanCase,
    OmbudsmanDocument,
    OmbudsmanEvent,
    OmbudsmanNotice,
    RecommendedRemedy,
)


@admin.register(OmbudsmanBody)
class OmbudsmanBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "response_days", "comments_days", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["short_name"]}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = OmbudsmanDocument
    fields = ["sent_on", "description", "sent_by"]
    readonly_fields = fields


class RemedyInline(ReadOnlyInline):
    model = RecommendedRemedy
    fields = ["kind", "amount", "due_on", "owner", "complied_on", "amount_paid"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = OmbudsmanEvent
    fields = ["at", "actor", "actor_label", "summary", "detail"]
    readonly_fields = fields


@admin.register(OmbudsmanCase)
class OmbudsmanCaseAdmin(admin.ModelAdmin):
    list_display = [
        "ombudsman_reference",
        "body",
        "case",
        "service",
        "state",
        "decision",
        "next_due",
    ]
    list_filter = ["state", "decision", "outcome", "body", "service"]
    search_fields = ["ombudsman_reference", "case__reference", "summary"]
    list_select_related = ["body", "case", "service"]
    date_hierarchy = "enquiry_received_on"
    inlines = [DocumentInline, RemedyInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendedRemedy)
class RecommendedRemedyAdmin(admin.ModelAdmin):
    list_display = ["ombudsman_case", "kind", "service", "amount", "due_on", "complied_on"]
    list_filter = ["kind", "service"]
    list_select_related = ["ombudsman_case__body", "service"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OmbudsmanNotice)
class OmbudsmanNoticeAdmin(admin.ModelAdmin):
    list_display = ["ombudsman_case", "kind", "subject_key", "deadline", "recipient_email"]
    list_filter = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

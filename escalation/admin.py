"""Admin for policies and reference data. Policies are versioned rows: the policy page
(escalation.views_policies) makes new ones; the admin shows history and fixes typos."""

from django.contrib import admin

from .models import (
    CaseStage,
    CaseTriage,
    ClosureDay,
    DeadlineExtension,
    DeadlineNotice,
    OutstandingAction,
    RefusalReason,
    Remedy,
    StagePolicy,
)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "organisation"]
    list_filter = ["organisation"]
    date_hierarchy = "date"


@admin.register(StagePolicy)
class StagePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "stage",
        "name",
        "respond_days",
        "respond_unit",
        "clock_starts",
        "max_extension_days",
        "effective_from",
    ]
    list_filter = ["organisation", "stage"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(RefusalReason)
class RefusalReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["is_active", "position"]


class RemedyInline(admin.TabularInline):
    model = Remedy
    extra = 0
    exclude = ["organisation"]


class OutstandingActionInline(admin.TabularInline):
    model = OutstandingAction
    extra = 0
    exclude = ["organisation"]
    raw_id_fields = ["owner"]


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    exclude = ["organisation"]
    readonly_fields = ["previous_due", "new_due", "reason", "extended_by", "extended_at"]


@admin.register(CaseStage)
class CaseStageAdmin(admin.ModelAdmin):
    """Read-mostly: stages change through the officer pages and services."""

    list_display = ["case", "stage", "opened_at", "response_due", "responded_at", "response_met"]
    list_filter = ["stage", "service", "response_met", "outcome"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case", "handler", "policy"]
    readonly_fields = [
        "service",  # where the stage was handled, recorded when it opened (the reports' key)
        "channel",
        "acknowledge_due",
        "response_due_original",
        "response_due",
        "responded_at",
        "working_days_taken",
        "acknowledgement_met",
        "response_met",
        "escalation_until",
    ]
    inlines = [RemedyInline, OutstandingActionInline, DeadlineExtensionInline]


@admin.register(CaseTriage)
class CaseTriageAdmin(admin.ModelAdmin):
    list_display = ["case", "outcome", "refusal_reason", "forwarded_to", "decided_at"]
    list_filter = ["outcome", "refusal_reason"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case", "decided_by"]


@admin.register(DeadlineNotice)
class DeadlineNoticeAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "subject_key", "deadline", "recipient", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    raw_id_fields = ["case", "recipient"]

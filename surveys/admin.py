from django.contrib import admin

from .models import SurveyInvitation, SurveySettings


@admin.register(SurveySettings)
class SurveySettingsAdmin(admin.ModelAdmin):
    list_display = ("organisation", "after_each_response", "link_valid_days")


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    """Answers are statistics: read here, never edited."""

    list_display = ("case", "stage", "sent_at", "answered_at", "outcome", "handling")
    list_filter = ("stage", "on_paper")
    readonly_fields = [field.name for field in SurveyInvitation._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

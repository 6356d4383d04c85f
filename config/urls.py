from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Council feedback administration"
admin.site.site_title = "Council feedback"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("officer/account/", include("accounts.urls")),
    path("officer/", include("feedback.urls_officer")),
    path("officer/lifecycle/", include("escalation.urls")),
    path("officer/letters/", include("letters.urls")),
    path("officer/ombudsman/", include("ombudsman.urls")),
    path("statistics/", include("reporting.urls")),
    path("api/", include("api.urls")),
    path("progress/actions/", include("escalation.urls_public")),
    path("progress/letters/", include("letters.urls_public")),
    path("", include("feedback.urls_public")),
]

# GOV.UK error pages that never need the database (config.errors).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

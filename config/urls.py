from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (and Django's plain error pages say
    nothing): send them to the council's icon rather than log a 404 on every first visit."""
    return HttpResponsePermanentRedirect(static("app/favicon.svg"))


admin.site.site_header = "Council feedback administration"
admin.site.site_title = "Council feedback"

urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("officer/account/", include("accounts.urls")),
    path("officer/", include("feedback.urls_officer")),
    path("officer/lifecycle/", include("escalation.urls")),
    path("officer/letters/", include("letters.urls")),
    path("officer/ombudsman/", include("ombudsman.urls")),
    path("officer/surveys/", include("surveys.urls")),
    path("officer/equality/", include("equality.urls_officer")),
    path("statistics/", include("reporting.urls")),
    path("api/", include("api.urls")),
    path("progress/actions/", include("escalation.urls_public")),
    path("progress/letters/", include("letters.urls_public")),
    path("survey/", include("surveys.urls_public")),
    path("equality/", include("equality.urls_public")),
    path("", include("feedback.urls_public")),
]

# GOV.UK error pages that never need the database (config.errors).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

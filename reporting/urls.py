from django.urls import path, register_converter

from . import views, views_annual, views_equality


class PeriodConverter:
    """A period slug's shape (2025-26-h1, 2025-26-q3, 2025-26, 2025-04-01--2025-06-30);
    reporting.periods.parse checks the rest (404 when it is not a period)."""

    regex = r"[0-9]{4}-[0-9]{2}[0-9hq-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "period")
register_converter(FormatConverter, "fmt")

app_name = "reporting"
urlpatterns = [
    path("", views.public_statistics, name="public"),
    path(
        "published/<period:period>/<slug:table>.<fmt:fmt>",
        views.public_table_download,
        name="public_download",
    ),
    path("reports/", views.report_index, name="index"),
    path("reports/<slug:kind>/<period:period>/", views.report_detail, name="report"),
    path("reports/<slug:kind>/<period:period>/pdf", views.report_pdf_download, name="report_pdf"),
    path(
        "reports/<slug:kind>/<period:period>/introduction/",
        views.report_introduction_edit,
        name="introduction",
    ),
    path("reports/service/", views.service_report_index, name="service_index"),
    path("annual/", views_annual.annual_index, name="annual_index"),
    path("annual/<int:year>/", views_annual.annual_report, name="annual"),
    path("annual/<int:year>/pdf", views_annual.annual_report_pdf, name="annual_pdf"),
    path(
        "annual/<int:year>/self-assessment/",
        views_annual.self_assessment_edit,
        name="self_assessment",
    ),
    path(
        "annual/<int:year>/self-assessment/start/",
        views_annual.self_assessment_start,
        name="self_assessment_start",
    ),
    path(
        "annual/<int:year>/response/",
        views_annual.governing_body_response,
        name="governing_body_response",
    ),
    path("annual/<int:year>/publish/", views_annual.annual_publish, name="annual_publish"),
    path("published/annual/<int:year>/", views_annual.annual_public, name="annual_public"),
    path("equality/", views_equality.equality_index, name="equality_index"),
    path("equality/<period:period>/", views_equality.equality_detail, name="equality"),
    path("improvements/", views_annual.improvements, name="improvements"),
    path("improvements/new/", views_annual.improvement_edit, name="improvement_new"),
    path("improvements/<int:pk>/", views_annual.improvement_edit, name="improvement_edit"),
    path(
        "reports/service/<slug:service>/<slug:kind>/<period:period>/",
        views.service_report_detail,
        name="service_report",
    ),
    path(
        "reports/service/<slug:service>/<slug:kind>/<period:period>/pdf",
        views.service_report_pdf,
        name="service_report_pdf",
    ),
    path(
        "reports/service/<slug:service>/<slug:kind>/<period:period>/<slug:table>.<fmt:fmt>",
        views.service_report_download,
        name="service_download",
    ),
    path(
        "reports/<slug:kind>/<period:period>/<slug:table>.<fmt:fmt>",
        views.report_table_download,
        name="download",
    ),
]

"""Report pages. Committee members and the complaints manager (`feedback.view_statistics`) read
reports; anyone reads the public statistics page. Views only call selectors and services."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from feedback.models import ServiceArea
from feedback.selectors import organisation_current

from . import periods
from .annual import published_years
from .charts import charts_build
from .equality import equality_for_reader
from .exports import CONTENT_TYPES, table_export
from .forms import IntroductionForm, RangeForm
from .models import ReportKind
from .pdf import report_pdf
from .selectors import (
    Report,
    period_for_report,
    public_period_choices,
    public_statistics_get,
    report_choices,
    report_get,
    service_may_report,
    services_for_report,
)
from .services import report_introduction_save
from .tables import SUPPRESSION_RULE

STATISTICS = "feedback.view_statistics"


def _organisation():
    organisation = organisation_current()
    if organisation is None:
        raise Http404("No council is set up.")
    return organisation


def statistics_required(view):
    """Sign-in first (a redirect), then 403 for officers without the statistics permission."""
    return login_required(permission_required(STATISTICS, raise_exception=True)(view))


def _equality_for(request: HttpRequest, period: periods.Period):
    return equality_for_reader(request.user, organisation=_organisation(), period=period)


@statistics_required
def report_index(request: HttpRequest) -> HttpResponse:
    form = RangeForm(request.GET or None)
    if request.GET and form.is_valid():
        period = periods.date_range(form.cleaned_data["start"], form.cleaned_data["end"])
        return redirect("reporting:report", kind=ReportKind.RANGE, period=period.slug)
    choices = report_choices()
    return render(
        request,
        "reporting/index.html",
        {
            "form": form,
            "sections": [(ReportKind(kind), items) for kind, items in choices.items()],
        },
    )


@statistics_required
def report_detail(request: HttpRequest, kind: str, period: str) -> HttpResponse:
    chosen = period_for_report(kind=kind, slug=period)
    report = report_get(organisation=_organisation(), kind=kind, period=chosen)
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "charts": charts_build(report.tables),
            "can_edit_introduction": request.user.has_perm("reporting.change_reportintroduction"),
            "equality": _equality_for(request, report.period),
        },
    )


@statistics_required
def report_pdf_download(request: HttpRequest, kind: str, period: str) -> HttpResponse:
    chosen = period_for_report(kind=kind, slug=period)
    organisation = _organisation()
    report = report_get(organisation=organisation, kind=kind, period=chosen)
    pdf = report_pdf(
        report, organisation=organisation, equality=_equality_for(request, report.period)
    )
    response = HttpResponse(pdf, "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{chosen.slug}.pdf"'
    return response


def _download(tables, table: str, fmt: str, filename: str) -> HttpResponse:
    if table not in tables or fmt not in CONTENT_TYPES:
        raise Http404("No such table")
    response = HttpResponse(table_export(tables[table], fmt=fmt), CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table}.{fmt}"'
    return response


@statistics_required
def report_table_download(
    request: HttpRequest, kind: str, period: str, table: str, fmt: str
) -> HttpResponse:
    chosen = period_for_report(kind=kind, slug=period)
    report = report_get(organisation=_organisation(), kind=kind, period=chosen)
    return _download(report.tables, table, fmt, f"{kind}-{chosen.slug}")


@statistics_required
@require_http_methods(["GET", "POST"])
def report_introduction_edit(request: HttpRequest, kind: str, period: str) -> HttpResponse:
    if not request.user.has_perm("reporting.change_reportintroduction"):
        raise PermissionDenied
    chosen = period_for_report(kind=kind, slug=period)
    organisation = _organisation()
    report_url = reverse("reporting:report", kwargs={"kind": kind, "period": chosen.slug})
    if request.method == "POST":
        form = IntroductionForm(request.POST)
        if form.is_valid():
            report_introduction_save(
                organisation=organisation,
                report_kind=kind,
                period=chosen,
                text=form.cleaned_data["text"],
                updated_by=request.user,
            )
            return redirect(report_url)
    else:
        from .models import ReportIntroduction

        current = ReportIntroduction.objects.filter(
            organisation=organisation,
            report_kind=kind,
            period_start=chosen.start,
            period_end=chosen.end,
        ).first()
        form = IntroductionForm(initial={"text": current.text if current else ""})
    return render(
        request,
        "reporting/introduction.html",
        {"form": form, "kind": ReportKind(kind), "period": chosen, "report_url": report_url},
    )


def _public_period(request: HttpRequest):
    choices = public_period_choices()
    slug = request.GET.get("period")
    if not slug:
        return choices[0], choices
    try:
        chosen = periods.parse(slug)
    except ValueError as error:
        raise Http404(str(error)) from error
    if chosen not in choices:
        raise Http404("Statistics are published for the periods listed only.")
    return chosen, choices


def public_statistics(request: HttpRequest) -> HttpResponse:
    chosen, choices = _public_period(request)
    organisation = _organisation()
    tables = public_statistics_get(organisation=organisation, period=chosen)
    return render(
        request,
        "reporting/public.html",
        {
            "period": chosen,
            "choices": choices,
            "tables": tables,
            "suppression_rule": SUPPRESSION_RULE,
            "annual_reports": published_years(organisation=organisation),
        },
    )


def public_table_download(request: HttpRequest, period: str, table: str, fmt: str):
    try:
        chosen = periods.parse(period)
    except ValueError as error:
        raise Http404(str(error)) from error
    if chosen not in public_period_choices():
        raise Http404("Statistics are published for the periods listed only.")
    tables = public_statistics_get(organisation=_organisation(), period=chosen)
    return _download(tables, table, fmt, f"complaint-statistics-{chosen.slug}")


# ---------------------------------------------------------------- one service's report


@login_required
def service_report_index(request: HttpRequest) -> HttpResponse:
    """The services whose report the signed-in officer may read, with the recent periods."""
    services = services_for_report(user=request.user)
    if not services:
        raise PermissionDenied
    return render(
        request,
        "reporting/service_index.html",
        {
            "services": services,
            "sections": [(ReportKind(kind), items) for kind, items in report_choices().items()],
        },
    )


def _service_report(request: HttpRequest, service: str, kind: str, period: str) -> Report:
    organisation = _organisation()
    chosen_service = get_object_or_404(ServiceArea, organisation=organisation, slug=service)
    if not service_may_report(user=request.user, service=chosen_service):
        raise PermissionDenied
    chosen = period_for_report(kind=kind, slug=period)
    return report_get(organisation=organisation, kind=kind, period=chosen, service=chosen_service)


@login_required
def service_report_detail(request: HttpRequest, service: str, kind: str, period: str):
    report = _service_report(request, service, kind, period)
    return render(
        request,
        "reporting/report.html",
        {"report": report, "charts": charts_build(report.tables), "can_edit_introduction": False},
    )


@login_required
def service_report_pdf(request: HttpRequest, service: str, kind: str, period: str):
    report = _service_report(request, service, kind, period)
    response = HttpResponse(report_pdf(report, organisation=_organisation()), "application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{service}-{kind}-{report.period.slug}.pdf"'
    )
    return response


@login_required
def service_report_download(
    request: HttpRequest, service: str, kind: str, period: str, table: str, fmt: str
) -> HttpResponse:
    report = _service_report(request, service, kind, period)
    return _download(report.tables, table, fmt, f"{service}-{kind}-{report.period.slug}")

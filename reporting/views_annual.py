"""The Complaint Handling Code's annual report: the self-assessment, the improvements register,
the governing body's response, publishing, the PDF and the public page. Views only call
selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from feedback import clock

from . import periods
from .annual import annual_assessment_get, evidence_definitions, year_period
from .equality import equality_for_reader
from .forms import GoverningBodyResponseForm, ImprovementForm, SelfAssessmentForm, field_name
from .models import ReportKind, SelfAssessment, ServiceImprovement
from .pdf import html_pdf
from .selectors import public_statistics_get, report_get
from .services_annual import (
    AnswerInput,
    annual_report_publish,
    governing_body_response_save,
    improvement_save,
    publish_refusal,
    self_assessment_save,
    self_assessment_start_from_previous,
)
from .views import _organisation, statistics_required

EDIT_ASSESSMENT = "reporting.change_selfassessment"
EDIT_IMPROVEMENTS = "reporting.change_serviceimprovement"
ANNUAL_TABLES = (
    "summary",
    "targets",
    "services",
    "grounds_by_service",
    "channels_performance",
    "outcomes",
    "compensation",
    "failure_demand",
    "satisfaction_service",
    "satisfaction_channel",
    "ombudsman",
)


def _year(year: int) -> int:
    if not 2000 <= year <= clock.today().year:
        raise Http404("No report for that year.")
    return year


def _context(organisation, year: int, *, public: bool = False) -> dict:
    assessment = annual_assessment_get(organisation=organisation, year=year)
    if public:
        tables = public_statistics_get(organisation=organisation, period=assessment.period)
        improvements = [i for i in assessment.improvements if i.publish]
    else:
        report = report_get(
            organisation=organisation, kind=ReportKind.ANNUAL, period=assessment.period
        )
        tables = {slug: report.tables[slug] for slug in ANNUAL_TABLES}
        improvements = assessment.improvements
    return {
        "organisation": organisation,
        "year": year,
        "annual": assessment,
        "tables": tables,
        "improvements": improvements,
        "public": public,
        "evidence_definitions": evidence_definitions(),
        "title": f"Complaints performance and service improvement report {assessment.period.label}",
    }


def _equality_for(request: HttpRequest, organisation, period):
    return equality_for_reader(request.user, organisation=organisation, period=period)


def annual_years(today=None) -> list:
    return periods.recent(today or clock.today(), kind=periods.PeriodKind.YEAR, count=4)


@statistics_required
def annual_index(request: HttpRequest) -> HttpResponse:
    organisation = _organisation()
    years = annual_years()
    assessments = {
        a.year: a
        for a in SelfAssessment.objects.filter(
            organisation=organisation, year__in=[p.start.year for p in years]
        )
    }
    return render(
        request,
        "reporting/annual_index.html",
        {"rows": [(p, assessments.get(p.start.year)) for p in years]},
    )


@statistics_required
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    organisation = _organisation()
    context = _context(organisation, _year(year))
    context["refusal"] = publish_refusal(context["annual"].assessment)
    context["can_edit"] = request.user.has_perm(EDIT_ASSESSMENT)
    context["equality"] = _equality_for(request, organisation, context["annual"].period)
    return render(request, "reporting/annual.html", context)


@statistics_required
def annual_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    organisation = _organisation()
    context = _context(organisation, _year(year))
    context["equality"] = _equality_for(request, organisation, context["annual"].period)
    html = render_to_string("reporting/annual_pdf.html", context)
    response = HttpResponse(html_pdf(html), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.pdf"'
    return response


def _may_edit(request: HttpRequest) -> None:
    if not request.user.has_perm(EDIT_ASSESSMENT):
        raise PermissionDenied


@statistics_required
@require_http_methods(["GET", "POST"])
def self_assessment_edit(request: HttpRequest, year: int) -> HttpResponse:
    _may_edit(request)
    organisation = _organisation()
    annual = annual_assessment_get(organisation=organisation, year=_year(year))
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            self_assessment_save(
                organisation=organisation,
                year=year,
                answers={
                    row.requirement.key: AnswerInput(
                        evidence=data[field_name(row.requirement.key, "evidence")],
                        complies=data[field_name(row.requirement.key, "complies")],
                        actions_planned=data[field_name(row.requirement.key, "actions")],
                    )
                    for row in annual.rows
                },
            )
            messages.success(request, "Self-assessment saved")
            return redirect("reporting:annual", year=year)
    else:
        initial = {}
        for row in annual.rows:
            if row.answer:
                initial[field_name(row.requirement.key, "evidence")] = row.answer.evidence
                initial[field_name(row.requirement.key, "complies")] = row.answer.complies
                initial[field_name(row.requirement.key, "actions")] = row.answer.actions_planned
        form = SelfAssessmentForm(initial=initial)
    system = {row.requirement.key: row.system_evidence for row in annual.rows}
    return render(
        request,
        "reporting/self_assessment.html",
        {
            "form": form,
            "rows": [(*row, system[row[0].key]) for row in form.rows()],
            "annual": annual,
            "year": year,
        },
    )


@statistics_required
@require_POST
def self_assessment_start(request: HttpRequest, year: int) -> HttpResponse:
    _may_edit(request)
    copied = self_assessment_start_from_previous(organisation=_organisation(), year=_year(year))
    messages.success(request, f"{copied} answers copied from last year: check each one")
    return redirect("reporting:self_assessment", year=year)


@statistics_required
@require_http_methods(["GET", "POST"])
def governing_body_response(request: HttpRequest, year: int) -> HttpResponse:
    _may_edit(request)
    organisation = _organisation()
    assessment = SelfAssessment.objects.filter(organisation=organisation, year=_year(year)).first()
    if request.method == "POST":
        form = GoverningBodyResponseForm(request.POST)
        if form.is_valid():
            governing_body_response_save(
                organisation=organisation,
                year=year,
                text=form.cleaned_data["text"],
                responded_on=form.cleaned_data["responded_on"],
            )
            messages.success(request, "The governing body's response is recorded")
            return redirect("reporting:annual", year=year)
    else:
        form = GoverningBodyResponseForm(
            initial={
                "text": assessment.governing_body_response if assessment else "",
                "responded_on": assessment.governing_body_responded_on if assessment else None,
            }
        )
    return render(
        request,
        "reporting/governing_body_response.html",
        {"form": form, "year": year, "period": year_period(year)},
    )


@statistics_required
@require_POST
def annual_publish(request: HttpRequest, year: int) -> HttpResponse:
    _may_edit(request)
    try:
        annual_report_publish(organisation=_organisation(), year=_year(year), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The annual report is published on the public page")
    return redirect("reporting:annual", year=year)


def annual_public(request: HttpRequest, year: int) -> HttpResponse:
    """The published report: suppressed figures, the self-assessment, the improvements chosen
    for publication and the governing body's response. Unpublished years are 404."""
    organisation = _organisation()
    published = SelfAssessment.objects.filter(
        organisation=organisation, year=year, published_at__isnull=False
    ).exists()
    if not published:
        raise Http404("That year's report is not published.")
    return render(request, "reporting/annual.html", _context(organisation, year, public=True))


# ---------------------------------------------------------------- improvements register


@login_required
@permission_required(EDIT_IMPROVEMENTS, raise_exception=True)
def improvements(request: HttpRequest) -> HttpResponse:
    organisation = _organisation()
    rows = (
        ServiceImprovement.objects.filter(organisation=organisation)
        .select_related("service", "owner")
        .prefetch_related("cases")
        .order_by("status", "-done_on", "-created_at")
    )
    return render(request, "reporting/improvements.html", {"improvements": rows})


@login_required
@permission_required(EDIT_IMPROVEMENTS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def improvement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = _organisation()
    improvement = (
        get_object_or_404(ServiceImprovement, pk=pk, organisation=organisation) if pk else None
    )
    if request.method == "POST":
        form = ImprovementForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                improvement_save(
                    organisation=organisation,
                    service=data["service"],
                    lesson=data["lesson"],
                    action=data["action"],
                    owner=data["owner"],
                    status=data["status"],
                    done_on=data["done_on"],
                    case_references=data["case_references"].replace(",", " ").split(),
                    publish=data["publish"],
                    actor=request.user,
                    improvement=improvement,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                messages.success(request, "Service improvement saved")
                return redirect("reporting:improvements")
    else:
        initial = {}
        if improvement:
            initial = {
                "service": improvement.service,
                "lesson": improvement.lesson,
                "action": improvement.action,
                "owner": improvement.owner,
                "status": improvement.status,
                "done_on": improvement.done_on,
                "case_references": " ".join(c.reference for c in improvement.cases.all()),
                "publish": improvement.publish,
            }
        form = ImprovementForm(initial=initial, organisation=organisation)
    return render(
        request,
        "reporting/improvement_edit.html",
        {"form": form, "improvement": improvement},
        status=400 if request.method == "POST" else 200,
    )

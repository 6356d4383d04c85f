"""The equality monitoring report: aggregate and suppressed, for holders of
`equality.report_equality` (complaints manager, committee members). No page lists answers."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from feedback import clock
from feedback.selectors import organisation_current

from . import periods
from .equality import equality_report

REPORT_EQUALITY = "equality.report_equality"


def equality_required(view):
    """Sign-in first (a redirect), then 403 without the equality report permission."""
    return login_required(permission_required(REPORT_EQUALITY, raise_exception=True)(view))


def equality_periods(today=None) -> list[periods.Period]:
    today = today or clock.today()
    return [
        *periods.recent(today, kind=periods.PeriodKind.YEAR, count=3),
        *periods.recent(today, kind=periods.PeriodKind.HALF, count=4),
    ]


@equality_required
def equality_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/equality_index.html", {"choices": equality_periods()})


@equality_required
def equality_detail(request: HttpRequest, period: str) -> HttpResponse:
    organisation = organisation_current()
    if organisation is None:
        raise Http404("No council is set up.")
    try:
        chosen = periods.parse(period)
    except ValueError as error:
        raise Http404("Not a period.") from error
    report = equality_report(organisation=organisation, period=chosen)
    return render(request, "reporting/equality.html", {"equality": report})

"""Ombudsman measures for reports, counted the way the Local Government and Social Care
Ombudsman's annual review letters to councils count them, so a council can check its figures
against the Ombudsman's.

Every figure is one database aggregation (three queries in all, for one period or several);
nothing loops over rows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from dbreads.grouped import Grouped
from feedback.models import Organisation, ServiceArea

from .models import Decision, OmbudsmanCase, Outcome, RecommendedRemedy, RemedyKind

UPHELD = [Decision.UPHELD_NO_INJUSTICE, Decision.UPHELD_INJUSTICE, Decision.UPHELD_REMEDIED]
DECIDED_OUTCOMES = [Outcome.INVESTIGATED, Outcome.INITIAL_ENQUIRIES, Outcome.PREMATURE]
CASE_FIGURES = (
    "referred",
    "decided",
    "investigated",
    "upheld",
    "not_upheld",
    "already_remedied",
    "closed_after_initial_enquiries",
    "premature",
)
COMPLIANCE_FIGURES = (
    "remedies_due",
    "remedies_on_time",
    "remedies_late",
    "remedies_outstanding",
)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def ombudsman_measures(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service: ServiceArea | None = None,
) -> dict:
    """The Ombudsman figures for the period `start`..`end` (both days included).

    Cases (filtered by the Ombudsman case's service when `service` is given):

    * ``referred``: Ombudsman enquiries whose ``enquiry_received_on`` is in the period.
    * ``decided``: decisions whose ``decided_on`` (final decision or closure date) is in the
      period: decided after detailed investigation, closed after initial enquiries, or premature
      (referred back for local resolution). Withdrawals are not decisions and are not counted.
      A case referred in one period is counted as decided in the period of its decision.
    * ``investigated``: of those, decided after detailed investigation (``upheld`` +
      ``not_upheld``); ``closed_after_initial_enquiries`` and ``premature`` give the others.
    * ``upheld`` ("justified"): detailed investigations decided in the period with fault found
      (fault but no injustice, fault and injustice, or fault already remedied by the council).
    * ``upheld_rate``: ``upheld / (upheld + not_upheld)`` as a percentage to one decimal place,
      so closures after initial enquiries and premature complaints are excluded; None when no
      detailed investigation was decided.
    * ``already_remedied``: upheld decisions in the period where the council had already
      provided a satisfactory remedy before the Ombudsman's involvement;
      ``already_remedied_rate`` is it as a percentage of ``upheld``.

    Remedies (filtered by the service each remedy is recorded against):

    * ``remedies_due``: recommended remedies whose ``due_on`` is in the period, each one
      counted once: ``remedies_on_time`` (complied with on or before the due date),
      ``remedies_late`` (complied with after it) and ``remedies_outstanding`` (not yet
      complied with). ``compliance_rate`` is (on time + late) / due as a percentage, the way
      the Ombudsman counts late compliance as compliance; ``on_time_rate`` is on time / due.
    * ``compensation_total`` and ``compensation_by_service``: financial redress actually paid
      (``amount_paid``) on remedies complied with in the period, in total and per service
      (a list of ``{"service_id", "service_name", "total"}`` ordered by service name).
    """
    return ombudsman_measures_periods(
        organisation=organisation, periods=[(start, end)], service=service
    )[0]


def ombudsman_measures_periods(
    *,
    organisation: Organisation,
    periods: list[tuple[date, date]],
    service: ServiceArea | None = None,
) -> list[dict]:
    """`ombudsman_measures` for each of `periods` (`start`, `end`), in three queries whatever
    their number: each figure has one conditional aggregate per period. Their SQL is compiled
    once per council, service and number of periods (`Grouped`): 42 filtered aggregates for a
    report's three periods took Django longer to build than the database to count."""
    key = (organisation.pk, service.pk if service is not None else None, len(periods))
    dates = [day for period in periods for day in period]

    def queries(*dates: date) -> _Queries:
        return _queries(organisation, service, list(zip(dates[::2], dates[1::2], strict=True)))

    counted_cases = _CASES.aggregate(key, lambda *days: queries(*days).cases, *dates)
    counted_remedies = _REMEDIES.aggregate(key, lambda *days: queries(*days).remedies, *dates)
    by_service = _PAID.values(key, lambda *days: queries(*days).paid_by_service, *dates)
    return [
        _period_figures(index, counted_cases, counted_remedies, by_service)
        for index in range(len(periods))
    ]


_CASES = Grouped(OmbudsmanCase)
_REMEDIES = Grouped(RecommendedRemedy)
_PAID = Grouped(RecommendedRemedy)


@dataclass
class _Queries:
    cases: tuple[QuerySet, dict]  # a queryset and the aggregates asked of it
    remedies: tuple[QuerySet, dict]
    paid_by_service: QuerySet


def _queries(
    organisation: Organisation, service: ServiceArea | None, periods: list[tuple[date, date]]
) -> _Queries:
    cases = OmbudsmanCase.objects.filter(organisation=organisation)
    remedies = RecommendedRemedy.objects.filter(organisation=organisation)
    if service is not None:
        cases = cases.filter(service=service)
        remedies = remedies.filter(service=service)

    case_figures: dict[str, Count] = {}
    remedy_figures: dict[str, Count | Sum] = {}
    paid_by_service: dict[str, Sum] = {}
    due_in: list[Q] = []
    paid_in: list[Q] = []
    for index, (start, end) in enumerate(periods):
        decided_in_period = Q(decided_on__gte=start, decided_on__lte=end)
        investigated = decided_in_period & Q(outcome=Outcome.INVESTIGATED)
        referred_in_period = Q(enquiry_received_on__gte=start, enquiry_received_on__lte=end)
        case_figures.update(
            {
                f"referred_{index}": Count("pk", filter=referred_in_period),
                f"decided_{index}": Count(
                    "pk", filter=decided_in_period & Q(outcome__in=DECIDED_OUTCOMES)
                ),
                f"investigated_{index}": Count(
                    "pk", filter=investigated & Q(decision__in=[*UPHELD, "not_upheld"])
                ),
                f"upheld_{index}": Count("pk", filter=investigated & Q(decision__in=UPHELD)),
                f"not_upheld_{index}": Count(
                    "pk", filter=investigated & Q(decision=Decision.NOT_UPHELD)
                ),
                f"already_remedied_{index}": Count(
                    "pk", filter=investigated & Q(decision=Decision.UPHELD_REMEDIED)
                ),
                f"closed_after_initial_enquiries_{index}": Count(
                    "pk", filter=decided_in_period & Q(outcome=Outcome.INITIAL_ENQUIRIES)
                ),
                f"premature_{index}": Count(
                    "pk", filter=decided_in_period & Q(outcome=Outcome.PREMATURE)
                ),
            }
        )
        due = Q(due_on__gte=start, due_on__lte=end)
        paid = Q(
            kind=RemedyKind.FINANCIAL,
            complied_on__gte=start,
            complied_on__lte=end,
            amount_paid__isnull=False,
        )
        remedy_figures.update(
            {
                f"remedies_due_{index}": Count("pk", filter=due),
                f"remedies_on_time_{index}": Count(
                    "pk", filter=due & Q(complied_on__lte=F("due_on"))
                ),
                f"remedies_late_{index}": Count("pk", filter=due & Q(complied_on__gt=F("due_on"))),
                f"remedies_outstanding_{index}": Count(
                    "pk", filter=due & Q(complied_on__isnull=True)
                ),
                f"compensation_total_{index}": Coalesce(
                    Sum("amount_paid", filter=paid),
                    Value(Decimal("0.00"), output_field=DecimalField()),
                ),
            }
        )
        paid_by_service[f"total_{index}"] = Sum("amount_paid", filter=paid)
        due_in.append(due)
        paid_in.append(paid)

    return _Queries(
        (cases, case_figures),
        (remedies.filter(reduce(or_, [*due_in, *paid_in])), remedy_figures),
        remedies.filter(reduce(or_, paid_in))
        .values("service_id", service_name=F("service__name"))
        .annotate(**paid_by_service)
        .order_by("service_name", "service_id"),
    )


def _period_figures(index: int, cases: dict, remedies: dict, by_service: list[dict]) -> dict:
    figures = {name: cases[f"{name}_{index}"] for name in CASE_FIGURES}
    figures["upheld_rate"] = _percent(figures["upheld"], figures["upheld"] + figures["not_upheld"])
    figures["already_remedied_rate"] = _percent(figures["already_remedied"], figures["upheld"])
    compliance = {name: remedies[f"{name}_{index}"] for name in COMPLIANCE_FIGURES}
    figures.update(compliance)
    figures["compliance_rate"] = _percent(
        compliance["remedies_on_time"] + compliance["remedies_late"], compliance["remedies_due"]
    )
    figures["on_time_rate"] = _percent(compliance["remedies_on_time"], compliance["remedies_due"])
    # A service with no payment in this period has no total here (it had one in another).
    figures["compensation_by_service"] = [
        {"service_id": row["service_id"], "service_name": row["service_name"], "total": total}
        for row in by_service
        if (total := row[f"total_{index}"]) is not None
    ]
    figures["compensation_total"] = remedies[f"compensation_total_{index}"]
    return figures

"""Ombudsman measures for reports, counted the way the Local Government and Social Care
Ombudsman's annual review letters to councils count them, so a council can check its figures
against the Ombudsman's.

Every figure is one database aggregation (four queries in all); nothing loops over rows.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from feedback.models import Organisation, ServiceArea

from .models import Decision, OmbudsmanCase, Outcome, RecommendedRemedy, RemedyKind

UPHELD = [Decision.UPHELD_NO_INJUSTICE, Decision.UPHELD_INJUSTICE, Decision.UPHELD_REMEDIED]
DECIDED_OUTCOMES = [Outcome.INVESTIGATED, Outcome.INITIAL_ENQUIRIES, Outcome.PREMATURE]


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
    cases = OmbudsmanCase.objects.filter(organisation=organisation)
    remedies = RecommendedRemedy.objects.filter(organisation=organisation)
    if service is not None:
        cases = cases.filter(service=service)
        remedies = remedies.filter(service=service)

    decided_in_period = Q(decided_on__gte=start, decided_on__lte=end)
    investigated = decided_in_period & Q(outcome=Outcome.INVESTIGATED)
    referred_in_period = Q(enquiry_received_on__gte=start, enquiry_received_on__lte=end)
    figures = cases.aggregate(
        referred=Count("pk", filter=referred_in_period),
        decided=Count("pk", filter=decided_in_period & Q(outcome__in=DECIDED_OUTCOMES)),
        investigated=Count("pk", filter=investigated & Q(decision__in=[*UPHELD, "not_upheld"])),
        upheld=Count("pk", filter=investigated & Q(decision__in=UPHELD)),
        not_upheld=Count("pk", filter=investigated & Q(decision=Decision.NOT_UPHELD)),
        already_remedied=Count("pk", filter=investigated & Q(decision=Decision.UPHELD_REMEDIED)),
        closed_after_initial_enquiries=Count(
            "pk", filter=decided_in_period & Q(outcome=Outcome.INITIAL_ENQUIRIES)
        ),
        premature=Count("pk", filter=decided_in_period & Q(outcome=Outcome.PREMATURE)),
    )
    figures["upheld_rate"] = _percent(figures["upheld"], figures["upheld"] + figures["not_upheld"])
    figures["already_remedied_rate"] = _percent(figures["already_remedied"], figures["upheld"])

    compliance = remedies.filter(due_on__gte=start, due_on__lte=end).aggregate(
        remedies_due=Count("pk"),
        remedies_on_time=Count("pk", filter=Q(complied_on__lte=F("due_on"))),
        remedies_late=Count("pk", filter=Q(complied_on__gt=F("due_on"))),
        remedies_outstanding=Count("pk", filter=Q(complied_on__isnull=True)),
    )
    figures.update(compliance)
    figures["compliance_rate"] = _percent(
        compliance["remedies_on_time"] + compliance["remedies_late"], compliance["remedies_due"]
    )
    figures["on_time_rate"] = _percent(compliance["remedies_on_time"], compliance["remedies_due"])

    paid = remedies.filter(
        kind=RemedyKind.FINANCIAL,
        complied_on__gte=start,
        complied_on__lte=end,
        amount_paid__isnull=False,
    )
    figures["compensation_by_service"] = list(
        paid.values("service_id", service_name=F("service__name"))
        .annotate(total=Sum("amount_paid"))
        .order_by("service_name", "service_id")
    )
    figures["compensation_total"] = paid.aggregate(
        total=Coalesce(Sum("amount_paid"), Value(Decimal("0.00"), output_field=DecimalField()))
    )["total"]
    return figures

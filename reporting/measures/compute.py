"""Runs the measures of `definitions` for a period, the previous period and the same period a
year earlier: one grouped query per table, with one conditional aggregate per measure and
period. Python then only adds up the grouped rows (a few hundred at most, never one per case)
into the whole council and each breakdown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Q

from escalation.models import CaseStage, CaseTriage, RefusalReason, Remedy, TriageOutcome
from escalation.states import CaseState
from feedback.models import (
    Case,
    Category,
    Channel,
    ComplaintGround,
    FeedbackKind,
    Organisation,
    ServiceArea,
)

from ..periods import Period
from .definitions import (
    CASE_MEASURES,
    RATES,
    REMEDY_MEASURES,
    STAGE_MEASURES,
    STAGES,
    TRIAGE_MEASURES,
    Window,
    stage_joins,
    stage_key,
)

PERIOD_KEYS = ("current", "previous", "year_earlier")
Bucket = dict[str, dict[str, Any]]  # measure key -> period key -> value


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, interpolating between the two middle
    values when the count is even. Only used on PostgreSQL; see `_medians_from_histogram`."""

    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _bucket() -> Bucket:
    return defaultdict(lambda: defaultdict(int))


@dataclass
class Figures:
    """The measures of one report: `council` for the whole council, and the same measures per
    service (`by_service`), and the case measures by kind, channel, category and ground."""

    periods: dict[str, Period]
    council: Bucket = field(default_factory=_bucket)
    by_service: dict[int, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    by_kind: dict[str, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    by_channel: dict[int, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    by_category: dict[int | None, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    by_ground: dict[int | None, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    by_reason: dict[int | None, Bucket] = field(default_factory=lambda: defaultdict(_bucket))
    ombudsman: dict[str, dict] = field(default_factory=dict)
    names: dict[str, dict[Any, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def all_buckets(self) -> list[Bucket]:
        return [
            self.council,
            *self.by_service.values(),
            *self.by_kind.values(),
            *self.by_channel.values(),
            *self.by_category.values(),
            *self.by_ground.values(),
        ]


def _alias(key: str, index: int) -> str:
    return f"{key}_p{index}"


def _any(windows: list[Window], date_field: str) -> Q:
    return reduce(or_, (w.q(date_field) for w in windows))


def _add(bucket: Bucket, key: str, period: str, value: Any) -> None:
    if value:
        bucket[key][period] += value


def _periods(period: Period) -> dict[str, Period]:
    return {
        "current": period,
        "previous": period.previous(),
        "year_earlier": period.year_earlier(),
    }


def report_queries(*, organisation: Organisation, period: Period) -> dict[str, Any]:
    """The main grouped queries of a report, for the benchmark's EXPLAIN."""
    periods = _periods(period)
    windows = [Window(*periods[key].bounds()) for key in PERIOD_KEYS]
    postgres = connection.vendor == "postgresql"
    return {
        "cases": cases_query(organisation, windows),
        "stages": stages_query(organisation, windows, postgres=postgres),
        "compensation": remedies_query(organisation, windows),
        "refusals": refusals_query(organisation, windows),
    }


def figures_compute(*, organisation: Organisation, period: Period) -> Figures:
    periods = _periods(period)
    windows = [Window(*periods[key].bounds()) for key in PERIOD_KEYS]
    figures = Figures(periods=periods)
    _names(figures, organisation)
    _cases(figures, organisation, windows)
    _stages(figures, organisation, windows)
    _remedies(figures, organisation, windows)
    _refusals(figures, organisation, windows)
    _ombudsman(figures, organisation)
    for bucket in figures.all_buckets():
        _rates(bucket)
    return figures


def _names(figures: Figures, organisation: Organisation) -> None:
    for name, model in (
        ("service", ServiceArea),
        ("channel", Channel),
        ("category", Category),
        ("ground", ComplaintGround),
        ("reason", RefusalReason),
    ):
        figures.names[name] = dict(
            model.objects.filter(organisation=organisation)
            .order_by("position", "name")
            .values_list("pk", "name")
        )
    figures.names["kind"] = dict(FeedbackKind.choices)


def cases_query(organisation: Organisation, windows: list[Window]):
    in_any = _any(windows, "received_at") | (
        _any(windows, "closed_at") & Q(state=CaseState.WITHDRAWN)
    )
    aggregates = {
        _alias(measure.key, index): measure.aggregate(window)
        for measure in CASE_MEASURES.values()
        for index, window in enumerate(windows)
    }
    return (
        Case.objects.filter(organisation=organisation)
        .filter(in_any)
        .alias(**stage_joins())
        .values("service_id", "kind", "channel_id", "category_id", "ground_id")
        .annotate(**aggregates)
        .order_by()
    )


def _cases(figures: Figures, organisation: Organisation, windows: list[Window]) -> None:
    for row in cases_query(organisation, windows):
        buckets = [
            figures.council,
            figures.by_service[row["service_id"]],
            figures.by_kind[row["kind"]],
            figures.by_channel[row["channel_id"]],
            figures.by_category[row["category_id"]],
            figures.by_ground[row["ground_id"]],
        ]
        for measure in CASE_MEASURES.values():
            for index, period in enumerate(PERIOD_KEYS):
                value = row[_alias(measure.key, index)]
                for bucket in buckets:
                    _add(bucket, measure.key, period, value)
                # Compliments by service, and complaints/comments per service, come from the
                # same grouped rows: "received" split by kind.
                if measure.key == "received":
                    for bucket in buckets[:2]:
                        _add(bucket, f"received_{row['kind']}", period, value)


def stages_query(organisation: Organisation, windows: list[Window], *, postgres: bool):
    aggregates = {
        _alias(measure.key, index): measure.aggregate(window)
        for measure in STAGE_MEASURES.values()
        for index, window in enumerate(windows)
    }
    if postgres:
        aggregates |= {
            _alias("stage_median", index): Median(
                "working_days_taken", filter=window.q("responded_at")
            )
            for index, window in enumerate(windows)
        }
    return (
        CaseStage.objects.filter(organisation=organisation)
        .filter(_any(windows, "opened_at") | _any(windows, "responded_at"))
        .values("case__service_id", "stage")
        .annotate(**aggregates)
        .order_by()
    )


def _stages(figures: Figures, organisation: Organisation, windows: list[Window]) -> None:
    postgres = connection.vendor == "postgresql"
    base = CaseStage.objects.filter(organisation=organisation)
    for row in stages_query(organisation, windows, postgres=postgres):
        buckets = [figures.council, figures.by_service[row["case__service_id"]]]
        for measure in STAGE_MEASURES.values():
            key = stage_key(row["stage"], measure.key)
            for index, period in enumerate(PERIOD_KEYS):
                for bucket in buckets:
                    _add(bucket, key, period, row[_alias(measure.key, index)])
        if postgres:
            for index, period in enumerate(PERIOD_KEYS):
                value = row[_alias("stage_median", index)]
                if value is not None:
                    figures.by_service[row["case__service_id"]][f"s{row['stage']}_median"][
                        period
                    ] = value
    answered = base.filter(_any(windows, "responded_at"))
    if postgres:
        council_rows = (
            answered.values("stage")
            .annotate(
                **{
                    _alias("stage_median", index): Median(
                        "working_days_taken", filter=window.q("responded_at")
                    )
                    for index, window in enumerate(windows)
                }
            )
            .order_by()
        )
        for row in council_rows:
            for index, period in enumerate(PERIOD_KEYS):
                value = row[_alias("stage_median", index)]
                if value is not None:
                    figures.council[f"s{row['stage']}_median"][period] = value
    else:
        histogram = (
            answered.filter(working_days_taken__isnull=False)
            .values("case__service_id", "stage", "working_days_taken")
            .annotate(
                **{
                    _alias("n", index): Count("pk", filter=window.q("responded_at"))
                    for index, window in enumerate(windows)
                }
            )
            .order_by()
        )
        _medians_from_histogram(figures, list(histogram))


def _medians_from_histogram(figures: Figures, rows: list[dict]) -> None:
    """SQLite has no percentile function: the median comes from the count of stages for each
    number of working days (one row per service, stage and distinct number of days), with the
    interpolation percentile_cont uses, so both databases give the same figure."""
    for index, period in enumerate(PERIOD_KEYS):
        council: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        service: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            n = row[_alias("n", index)]
            if n:
                council[row["stage"]][row["working_days_taken"]] += n
                service[(row["case__service_id"], row["stage"])][row["working_days_taken"]] += n
        for stage, counts in council.items():
            figures.council[f"s{stage}_median"][period] = median_of_counts(counts)
        for (service_id, stage), counts in service.items():
            figures.by_service[service_id][f"s{stage}_median"][period] = median_of_counts(counts)


def median_of_counts(counts: dict[int, int]) -> float | None:
    """The median of a multiset given as {value: how many}; the mean of the two middle values
    when the total is even (as percentile_cont(0.5))."""
    total = sum(counts.values())
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    return (lower + upper) / 2


def remedies_query(organisation: Organisation, windows: list[Window]):
    aggregates = {
        _alias(measure.key, index): measure.aggregate(window)
        for measure in REMEDY_MEASURES.values()
        for index, window in enumerate(windows)
    }
    return (
        Remedy.objects.filter(organisation=organisation, kind=Remedy.Kind.FINANCIAL)
        .filter(_any(windows, "case_stage__responded_at"))
        .values("case_stage__case__service_id")
        .annotate(**aggregates)
        .order_by()
    )


def _remedies(figures: Figures, organisation: Organisation, windows: list[Window]) -> None:
    for row in remedies_query(organisation, windows):
        buckets = [figures.council, figures.by_service[row["case_stage__case__service_id"]]]
        for measure in REMEDY_MEASURES.values():
            for index, period in enumerate(PERIOD_KEYS):
                for bucket in buckets:
                    _add(bucket, measure.key, period, row[_alias(measure.key, index)])


def refusals_query(organisation: Organisation, windows: list[Window]):
    aggregates = {
        _alias(measure.key, index): measure.aggregate(window)
        for measure in TRIAGE_MEASURES.values()
        for index, window in enumerate(windows)
    }
    return (
        CaseTriage.objects.filter(organisation=organisation, outcome=TriageOutcome.NOT_ACCEPTED)
        .filter(_any(windows, "decided_at"))
        .values("refusal_reason_id", "case__service_id")
        .annotate(**aggregates)
        .order_by()
    )


def _refusals(figures: Figures, organisation: Organisation, windows: list[Window]) -> None:
    for row in refusals_query(organisation, windows):
        buckets = [
            figures.council,
            figures.by_service[row["case__service_id"]],
            figures.by_reason[row["refusal_reason_id"]],
        ]
        for measure in TRIAGE_MEASURES.values():
            for index, period in enumerate(PERIOD_KEYS):
                for bucket in buckets:
                    _add(bucket, measure.key, period, row[_alias(measure.key, index)])


def _ombudsman(figures: Figures, organisation: Organisation) -> None:
    """The Ombudsman's measures are defined once, in ombudsman.measures (4 queries a period)."""
    from ombudsman.measures import ombudsman_measures

    for key in PERIOD_KEYS:
        period = figures.periods[key]
        figures.ombudsman[key] = ombudsman_measures(
            organisation=organisation, start=period.start, end=period.end
        )


def _rates(bucket: Bucket) -> None:
    for rate in RATES.values():
        for period in PERIOD_KEYS:
            denominator = bucket.get(rate.denominator, {}).get(period, 0)
            if not denominator:
                continue
            numerator = bucket.get(rate.numerator, {}).get(period, 0)
            value = Decimal(numerator) / Decimal(denominator)
            if rate.key.endswith("_rate"):
                value *= 100
            bucket[rate.key][period] = float(round(value, 1))


__all__ = ["PERIOD_KEYS", "STAGES", "Figures", "figures_compute", "median_of_counts"]

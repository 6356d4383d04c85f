"""Runs the measures of `definitions` for a period, the previous period and the same period a
year earlier. One grouped query per table and deciding date covers the three periods at once:
it reads only the rows with that date in one of them (an index range; a half-year, the one
before and the same half a year earlier touch, so they are one range), grouped by period too,
with one conditional aggregate per measure. Its SQL is compiled once per process. Python then
only adds up the grouped rows (a few thousand at most, never one per case) into the whole
council and each breakdown. A report costs a fixed number of queries, whatever the number of
cases.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dbreads.grouped import Grouped
from escalation.models import CaseStage, CaseTriage, RefusalReason, Remedy, TriageOutcome
from feedback.models import (
    Case,
    CaseEvent,
    Category,
    Channel,
    ComplaintGround,
    FeedbackKind,
    Organisation,
    ServiceArea,
)
from ombudsman.measures import ombudsman_measures_periods
from surveys.models import SurveyInvitation

from ..periods import Period
from .definitions import (
    MEASURES_BY_TABLE,
    RATES,
    STAGES,
    Measure,
    Window,
    stage_key,
)

PERIOD_KEYS = ("current", "previous", "year_earlier")
REPORT_WORK_MEM = "32MB"
REPORT_HASH_MEM_MULTIPLIER = "8"
Bucket = dict[str, dict[str, Any]]  # measure key -> period key -> value
DaysTaken = dict[tuple[int, int], dict[int, int]]  # (service, stage) -> days -> answers


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
    # (service, ground): the grounds of formal complaints by service (seed 003, 1.1.5.2-4).
    by_service_ground: dict[tuple[int, int | None], Bucket] = field(
        default_factory=lambda: defaultdict(_bucket)
    )
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
            *self.by_service_ground.values(),
        ]


def _periods(period: Period) -> dict[str, Period]:
    return {
        "current": period,
        "previous": period.previous(),
        "year_earlier": period.year_earlier(),
    }


def _windows(periods: dict[str, Period]) -> dict[Window, list[str]]:
    """Each distinct window with the period keys it stands for: a year's previous period is
    also the year earlier, and is counted once."""
    windows: dict[Window, list[str]] = defaultdict(list)
    for key in PERIOD_KEYS:
        windows[Window(*periods[key].bounds())].append(key)
    return windows


def _apart(windows: list[Window]) -> list[list[int]]:
    """The windows (by index) in groups that do not overlap, each group read by one query:
    a row counts in one window of its query only. A half-year's, a quarter's or a year's
    windows are one group; a date range of more than six months overlaps the same range a year
    earlier, which then has queries of its own."""
    groups: list[list[int]] = []
    for index, window in enumerate(windows):
        for group in groups:
            if all(
                window.end <= windows[other].start or windows[other].end <= window.start
                for other in group
            ):
                group.append(index)
                break
        else:
            groups.append([index])
    return groups


Span = tuple[int, int]  # the windows a span starts and ends with, by their index


def _spans(windows: list[Window]) -> list[Span]:
    """The windows merged where they touch or overlap: a half-year, the one before and the
    same half a year earlier are one span of eighteen months, read by one index range. Each
    span names its windows rather than its dates, so a query's shape is known from them."""
    spans: list[Span] = []
    for index in sorted(range(len(windows)), key=lambda index: windows[index].start):
        window = windows[index]
        if spans and window.start <= windows[spans[-1][1]].end:
            first, last = spans[-1]
            if window.end > windows[last].end:
                spans[-1] = (first, index)
        else:
            spans.append((index, index))
    return spans


@dataclass(frozen=True)
class Source:
    """One table the measures read: its rows, the columns its figures are broken down by and
    the path to the case's service (for a report of one service)."""

    table: str
    rows: Callable[[Organisation], QuerySet]
    group_by: tuple[str, ...]
    service_field: str
    # Columns only the measures decided by some dates need: {date field: columns}. Grouping
    # the other dates' rows by them would only multiply the rows Python adds up.
    group_by_only_for: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def columns(self, date_field: str) -> tuple[str, ...]:
        return tuple(
            column
            for column in self.group_by
            if all(
                date_field == only or column not in columns
                for only, columns in self.group_by_only_for.items()
            )
        )


SOURCES = {
    "case": Source(
        "case",
        lambda organisation: Case.objects.filter(organisation=organisation),
        ("service_id", "kind", "channel_id", "category_id", "ground_id"),
        "service",
    ),
    "stage": Source(
        "stage",
        lambda organisation: CaseStage.objects.filter(organisation=organisation),
        # By the service and channel the stage recorded when it opened (no join to the cases: a
        # case that later moved service counts its stage where it was handled); by working days
        # too: the medians come from how many answers took each number of days; by channel for
        # the time to answer per channel (seed 003, 1.1.1-1.1.4).
        ("service_id", "stage", "working_days_taken", "channel_id"),
        "service",
        group_by_only_for={"responded_at": ("working_days_taken",)},
    ),
    "remedy": Source(
        "remedy",
        lambda organisation: Remedy.objects.filter(
            organisation=organisation, kind=Remedy.Kind.FINANCIAL
        ),
        ("case_stage__service_id",),
        "case_stage__service",
    ),
    "triage": Source(
        "triage",
        lambda organisation: CaseTriage.objects.filter(
            organisation=organisation, outcome=TriageOutcome.NOT_ACCEPTED
        ),
        ("refusal_reason_id", "case__service_id"),
        "case__service",
    ),
    "event": Source(
        "event",
        lambda organisation: CaseEvent.objects.filter(organisation=organisation, is_chaser=True),
        ("case__service_id",),
        "case__service",
    ),
    "survey": Source(
        "survey",
        lambda organisation: SurveyInvitation.objects.filter(organisation=organisation),
        ("case__service_id", "case__channel_id"),
        "case__service",
    ),
}


def _by_date(measures: dict[str, Measure]) -> dict[str, list[Measure]]:
    grouped: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures.values():
        grouped[measure.decided_by].append(measure)
    return grouped


def period_query(
    source: Source,
    organisation: Organisation,
    measures: list[Measure],
    windows: list[Window],
    service: ServiceArea | None = None,
    spans: list[Span] | None = None,
) -> QuerySet:
    """The grouped query of `windows` for `measures`, which share the date that decides
    their period: only rows with that date in one of the windows (and, when every measure has
    one, in one of their scopes) are read; with `service`, only that service's rows. The rows
    are grouped by their window too (`window`, its index), so a report's three periods cost one
    query, not three.

    Each measure's aggregate is given `READ`, the window of every row the query reads: every
    row read is in one of the windows, so its date condition holds for each, and the rest of
    its filter is the same in every window. That is why a measure's aggregate may depend on its
    window only through the date that decides its period (definitions.Measure)."""
    spans = _spans(windows) if spans is None else spans
    date_field = measures[0].decided_by

    def within(window: Window) -> Q:
        return window.q_dates(date_field) if measures[0].by_date else window.q(date_field)

    where = reduce(
        or_, (within(Window(windows[first].start, windows[last].end)) for first, last in spans)
    )
    scopes = [measure.scope for measure in measures]
    if all(scope is not None for scope in scopes):
        where &= reduce(or_, scopes)
    if service is not None:
        where &= Q(**{source.service_field: service})
    label = models.Case(
        *[
            models.When(within(window), then=models.Value(index))
            for index, window in enumerate(windows)
        ],
        output_field=models.IntegerField(),
    )
    return (
        source.rows(organisation)
        .filter(where)
        .annotate(window=label)
        .values(*source.columns(date_field), "window")
        .annotate(**{measure.key: measure.aggregate(READ) for measure in measures})
        .order_by()
    )


class _Read(Window):
    """The window of the rows a period query reads: its WHERE already keeps only rows whose
    date is in one of the query's windows, so a measure's own date condition is true of each
    of them and is left out of its aggregate. At a million cases that condition was two
    timestamp comparisons per aggregate per row (16 for each case row): a quarter to a half of
    the case query's time, to filter nothing."""

    def q(self, field: str) -> Q:
        return Q()

    def q_dates(self, field: str) -> Q:
        return Q()


READ = _Read(datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


@dataclass(frozen=True)
class Compiled:
    """A grouped query's SQL, compiled once: `slots` gives each parameter, either a value of
    its own or ("bound", k) / ("date", k), the kth window bound (start, end, start, ...) as a
    moment or as a local date."""

    sql: str
    slots: list[tuple[str, Any]]
    names: list[str]
    compiler: Any
    converters: dict


# Building and compiling a grouped query cost more Python than adding up its rows (about 40 ms
# of a report at 100,000 cases), and its SQL is the same for every report of one shape: only
# the window bounds change. So each shape is compiled once per process, with stand-in windows
# whose bounds (whole days in 1900) no real parameter can equal, and reports fill in their own
# bounds. This holds because a measure's aggregate depends on its window and nothing else.
_COMPILED: dict[tuple, Compiled] = {}
_STAND_IN = datetime(1900, 1, 1, 12, tzinfo=UTC)


def _compiled(
    source: Source,
    organisation: Organisation,
    measures: list[Measure],
    windows: list[Window],
    service: ServiceArea | None,
    spans: list[Span],
) -> Compiled:
    key = (
        connection.alias,
        source.table,
        measures[0].decided_by,
        organisation.pk,
        service.pk if service is not None else None,
        len(windows),
        tuple(spans),
    )
    compiled = _COMPILED.get(key)
    if compiled is not None:
        return compiled
    stand_ins = [_STAND_IN + timedelta(days=k) for k in range(2 * len(windows))]
    queryset = period_query(
        source,
        organisation,
        measures,
        [Window(stand_ins[2 * i], stand_ins[2 * i + 1]) for i in range(len(windows))],
        service,
        spans,
    )
    ops = connection.ops
    bounds = {ops.adapt_datetimefield_value(bound): k for k, bound in enumerate(stand_ins)}
    dates = {
        ops.adapt_datefield_value(timezone.localdate(bound)): k for k, bound in enumerate(stand_ins)
    }
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    slots: list[tuple[str, Any]] = []
    for param in params:
        if isinstance(param, Hashable) and param in bounds:
            slots.append(("bound", bounds[param]))
        elif isinstance(param, Hashable) and param in dates:
            slots.append(("date", dates[param]))
        else:
            slots.append(("value", param))
    query = queryset.query
    compiled = _COMPILED[key] = Compiled(
        sql,
        slots,
        [*query.extra_select, *query.values_select, *query.annotation_select],
        compiler,
        compiler.get_converters([expression for expression, _, _ in compiler.select]),
    )
    return compiled


Columns = dict[str, int]  # a grouped query's column names -> their place in its rows


def period_rows(
    source: Source,
    organisation: Organisation,
    measures: list[Measure],
    windows: list[Window],
    service: ServiceArea | None = None,
) -> tuple[Columns, list]:
    """The rows of `period_query` from the compiled SQL, as tuples (or lists), with the place
    of each of its values() names in them. Not dicts: making a dict of each row cost more
    than adding the rows up (at 100,000 cases, 5,000-odd rows of 8 to 14 columns a report)."""
    compiled = _compiled(source, organisation, measures, windows, service, _spans(windows))
    ops = connection.ops
    bounds = [bound for window in windows for bound in (window.start, window.end)]
    params = [
        ops.adapt_datetimefield_value(bounds[value])
        if kind == "bound"
        else ops.adapt_datefield_value(timezone.localdate(bounds[value]))
        if kind == "date"
        else value
        for kind, value in compiled.slots
    ]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows: Any = cursor.fetchall()
    # psycopg already returns the counts and sums as int and Decimal; Django's converters
    # would only cast them again (a call per row and column).
    if compiled.converters and not _postgres():
        rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
    return {name: index for index, name in enumerate(compiled.names)}, rows


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def report_queries(*, organisation: Organisation, period: Period) -> dict[str, QuerySet]:
    """The grouped queries of the report's own period, for the benchmark's EXPLAIN."""
    windows = list(_windows(_periods(period)))
    return {
        f"{table} by {date_field}": period_query(SOURCES[table], organisation, measures, windows)
        for table in SOURCES
        for date_field, measures in _by_date(MEASURES_BY_TABLE[table]).items()
    }


@contextmanager
def report_transaction():
    """Every query of a report reads one snapshot, so its figures agree with each other. On
    PostgreSQL, for this transaction only: no JIT compilation (it cost about 0.35 s a query on
    these short aggregates and saved nothing), enough memory to hash in RAM, and room for a hash
    aggregate eight times that (REPORT_HASH_MEM_MULTIPLIER). The planner cannot know that a
    period query's rows fall into a few thousand groups: the window is an expression of the
    date, so it takes the date's distinct values, one group a row. Past a few hundred thousand
    rows that estimate outgrew the hash memory and it sorted them all instead (0.3 s of the
    annual report's case query at a million cases) where a hash table of the real groups takes
    a few megabytes. A hash aggregate that does outgrow its memory spills to disk."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(savepoint=False):
        if _postgres():
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(
                    "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true), "
                    "set_config('hash_mem_multiplier', %s, true)",
                    [REPORT_WORK_MEM, REPORT_HASH_MEM_MULTIPLIER],
                )
        yield


def figures_compute(
    *, organisation: Organisation, period: Period, service: ServiceArea | None = None
) -> Figures:
    """The figures of a report: the whole council's, or with `service` only that service's
    (its head's report: the same measures, tables and query count)."""
    periods = _periods(period)
    figures = Figures(periods=periods)
    with report_transaction():
        _names(figures, organisation, service)
        by_window = _windows(periods)
        windows = list(by_window)
        keys_of = list(by_window.values())
        days_taken: list[DaysTaken] = [defaultdict(lambda: defaultdict(int)) for _ in windows]
        for group in _apart(windows):
            for table, source in SOURCES.items():
                for measures in _by_date(MEASURES_BY_TABLE[table]).values():
                    columns, rows = period_rows(
                        source, organisation, measures, [windows[i] for i in group], service
                    )
                    keys = [measure.key for measure in measures]
                    if table == "stage":
                        rows = _stage_rows_combined(
                            rows, columns, keys, [days_taken[i] for i in group]
                        )
                    # A row's window is its index in the group; the period keys it counts for.
                    periods_of = [keys_of[i] for i in group]
                    ADD_ROWS[table](figures, rows, columns, keys, periods_of)
        for days, keys in zip(days_taken, keys_of, strict=True):
            _medians(figures, days, keys)
        _ombudsman(figures, organisation, service)
    for bucket in figures.all_buckets():
        _rates(bucket)
    return figures


# The names' five queries, compiled once per council (they depend on nothing else).
_NAMES = {
    name: (model, Grouped(model))
    for name, model in (
        ("service", ServiceArea),
        ("channel", Channel),
        ("category", Category),
        ("ground", ComplaintGround),
        ("reason", RefusalReason),
    )
}


def _names(figures: Figures, organisation: Organisation, service: ServiceArea | None) -> None:
    for name, (model, compiled) in _NAMES.items():
        rows = compiled.values(
            organisation.pk,
            lambda model=model: (
                model.objects.filter(organisation=organisation)
                .order_by("position", "name")
                .values("pk", "name")
            ),
        )
        figures.names[name] = {row["pk"]: row["name"] for row in rows}
    figures.names["kind"] = dict(FeedbackKind.choices)
    if service is not None:
        figures.names["service"] = {service.pk: service.name}


def _add(buckets: list[Bucket], key: str, value: Any, periods: list[str]) -> None:
    for bucket in buckets:
        totals = bucket[key]
        for period in periods:
            totals[period] += value


def _case_rows(
    figures: Figures, rows: list, columns: Columns, keys: list[str], periods_of: list[list[str]]
) -> None:
    service_at, kind_at, channel_at, category_at, ground_at, window_at = (
        columns[name]
        for name in ("service_id", "kind", "channel_id", "category_id", "ground_id", "window")
    )
    values_at = [(key, columns[key]) for key in keys]
    council = figures.council
    for row in rows:
        service_id, kind, ground_id = row[service_at], row[kind_at], row[ground_at]
        service = figures.by_service[service_id]
        channel = figures.by_channel[row[channel_at]]
        buckets = [
            council,
            service,
            figures.by_kind[kind],
            channel,
            figures.by_category[row[category_at]],
            figures.by_ground[ground_id],
            figures.by_service_ground[(service_id, ground_id)],
        ]
        periods = periods_of[row[window_at]]
        for key, at in values_at:
            value = row[at]
            if not value:
                continue
            _add(buckets, key, value, periods)
            # Compliments by service, and complaints/comments per service and channel, come
            # from the same grouped rows: "received" split by kind.
            if key == "received":
                _add([council, service, channel], f"received_{kind}", value, periods)


def _stage_rows_combined(
    rows: list, columns: Columns, keys: list[str], days_taken: list[DaysTaken]
) -> list[list]:
    """The stage rows come grouped by working days too (for the medians, kept in
    `days_taken`, one per window); added up here per service, channel, stage and window, the
    buckets are filled from a few dozen rows instead of a thousand."""
    service_at, channel_at, stage_at, window_at = (
        columns[name] for name in ("service_id", "channel_id", "stage", "window")
    )
    values_at = [columns[key] for key in keys]
    timed_at = columns.get("stage_timed")
    days_at = columns.get("working_days_taken")
    combined: dict[tuple[int, int, int, int], list] = {}
    for row in rows:
        if timed_at is not None and row[timed_at]:
            days = days_taken[row[window_at]][(row[service_at], row[stage_at])]
            days[row[days_at]] += row[timed_at]
        group = (row[service_at], row[channel_at], row[stage_at], row[window_at])
        total = combined.get(group)
        if total is None:
            combined[group] = list(row)
            continue
        for at in values_at:
            if value := row[at]:
                total[at] = (total[at] or 0) + value
    return list(combined.values())


def _stage_rows(
    figures: Figures, rows: list, columns: Columns, keys: list[str], periods_of: list[list[str]]
) -> None:
    service_at, channel_at, stage_at, window_at = (
        columns[name] for name in ("service_id", "channel_id", "stage", "window")
    )
    values_at = [(key, columns[key]) for key in keys]
    for row in rows:
        buckets = [
            figures.council,
            figures.by_service[row[service_at]],
            figures.by_channel[row[channel_at]],
        ]
        stage = row[stage_at]
        periods = periods_of[row[window_at]]
        for key, at in values_at:
            if value := row[at]:
                _add(buckets, stage_key(stage, key), value, periods)


def _rows_adder(
    *breakdowns: tuple[str, str],
) -> Callable[[Figures, list, Columns, list[str], list[list[str]]], None]:
    """The rows of a table broken down by the whole council and `breakdowns`: (the Figures
    attribute, the row's column)."""

    def add_rows(
        figures: Figures,
        rows: list,
        columns: Columns,
        keys: list[str],
        periods_of: list[list[str]],
    ) -> None:
        breakdowns_at = [(getattr(figures, name), columns[column]) for name, column in breakdowns]
        values_at = [(key, columns[key]) for key in keys]
        window_at = columns["window"]
        for row in rows:
            buckets = [figures.council]
            buckets += [breakdown[row[at]] for breakdown, at in breakdowns_at]
            periods = periods_of[row[window_at]]
            for key, at in values_at:
                if value := row[at]:
                    _add(buckets, key, value, periods)

    return add_rows


ADD_ROWS = {
    "case": _case_rows,
    "stage": _stage_rows,
    "remedy": _rows_adder(("by_service", "case_stage__service_id")),
    "triage": _rows_adder(("by_service", "case__service_id"), ("by_reason", "refusal_reason_id")),
    "event": _rows_adder(("by_service", "case__service_id")),
    "survey": _rows_adder(("by_service", "case__service_id"), ("by_channel", "case__channel_id")),
}


def _medians(figures: Figures, days_taken: DaysTaken, keys: list[str]) -> None:
    """Each service's and the whole council's median working days by stage, from how many
    answers took each number of days (a median is not a sum of the services' medians). Both
    databases give the same figure, with percentile_cont's interpolation."""
    council: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (service_id, stage), counts in days_taken.items():
        for days, count in counts.items():
            council[stage][days] += count
        for period in keys:
            figures.by_service[service_id][f"s{stage}_median"][period] = median_of_counts(counts)
    for stage, counts in council.items():
        for period in keys:
            figures.council[f"s{stage}_median"][period] = median_of_counts(counts)


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


def _ombudsman(figures: Figures, organisation: Organisation, service: ServiceArea | None) -> None:
    """The Ombudsman's measures are defined once, in ombudsman.measures (3 queries for the
    three periods)."""
    periods = [(figures.periods[key].start, figures.periods[key].end) for key in PERIOD_KEYS]
    measures = ombudsman_measures_periods(
        organisation=organisation, periods=periods, service=service
    )
    figures.ombudsman = dict(zip(PERIOD_KEYS, measures, strict=True))


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


__all__ = [
    "PERIOD_KEYS",
    "STAGES",
    "Figures",
    "figures_compute",
    "median_of_counts",
    "report_transaction",
]

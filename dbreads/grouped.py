"""Grouped and aggregated reads compiled once per database and shape, sent with each call's dates.

A report's page ran some twenty grouped queries through the ORM, and Django compiled each one
again on every request: the Ombudsman's three (42 filtered aggregates) and the equality
monitoring's ten took more CPU to compile than PostgreSQL took to answer them (about 40 ms of
a committee's half-year page at 100,000 cases). Their SQL is the same for every request of one
shape (council, service, characteristic); only the dates change. `Grouped` compiles a query
twice per database and key, with two sets of stand-in dates, keeps the SQL, finds where each
date went among its parameters (the parameters that differ between the two), and then sends it
with the real dates, building the rows as `values()` or `aggregate()` does, with the ORM's own
converters. When the two compilations differ otherwise, or a stand-in is not found as the ORM
adapts it, the ORM runs the query as before.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

Build = Callable[..., QuerySet]
AggregateBuild = Callable[..., tuple[QuerySet, dict[str, Any]]]


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    at: tuple[tuple[int, int], ...]  # (parameter position, the value that goes there)
    names: tuple[str, ...]
    compiler: Any
    converters: dict


def _adapted(connection: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return connection.ops.adapt_datefield_value(value)


def _stand_ins(values: tuple, shift: int) -> tuple:
    """Dates no real call passes (days of 1900 and 1901), of the same types as `values`."""
    first = datetime(1900, 1, 1, 12, tzinfo=UTC)
    return tuple(
        (first + timedelta(days=shift + k))
        if isinstance(value, datetime)
        else (first + timedelta(days=shift + k)).date()
        for k, value in enumerate(values)
    )


def _aggregate_query(queryset: QuerySet, aggregates: dict[str, Any]) -> Any:
    """The query `queryset.aggregate(**aggregates)` runs for a plain filtered queryset (no
    annotations, grouping, slicing or distinct: Django's own `get_aggregation` then selects the
    aggregates from the filtered table, with no GROUP BY and no ORDER BY)."""
    query = queryset.query.chain()
    if query.annotations or query.group_by is not None or query.is_sliced or query.distinct:
        raise ValueError("only a plain filtered queryset is aggregated here")
    for alias, aggregate in aggregates.items():
        query.add_annotation(aggregate, alias, select=True)
    query.default_cols = False
    query.clear_ordering(force=True)
    return query


def compiled_twice(alias: str, query_of: Callable[[tuple], Any], stand_ins: tuple[tuple, tuple]):
    """(sql, params, the other's params, compiler, query) of `query_of(values)` compiled for
    each of the two sets of stand-ins, or None when either compiles to nothing or the two
    compilations are not the same SQL with as many parameters."""
    compiled = []
    for values in stand_ins:
        query = query_of(values)
        compiler = query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        compiled.append((sql, tuple(params), compiler, query))
    (sql, params, compiler, query), (other_sql, other_params, _, _) = compiled
    if sql != other_sql or len(params) != len(other_params):
        return None
    return sql, params, other_params, compiler, query


class Grouped:
    """`values(...)` rows, or the one `aggregate(...)` dict, of a query of `model` that depends
    on some dates (and nothing else per call), compiled once per database and `key`. The
    queryset is not even built on a call after the first: building it (resolving its filters
    and aggregates) cost as much as compiling it."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._statements: dict[tuple[str, Hashable], _Statement | None] = {}

    def _compile(self, alias: str, query_of: Callable[[tuple], Any], dates: tuple):
        connection = connections[alias]
        first, second = _stand_ins(dates, 0), _stand_ins(dates, 400)
        twice = compiled_twice(alias, query_of, (first, second))
        if twice is None:
            return None
        sql, params, other_params, compiler, query = twice
        at = []
        for position, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            found = [
                k
                for k in range(len(dates))
                if (one, other) == (_adapted(connection, first[k]), _adapted(connection, second[k]))
            ]
            if len(found) != 1:
                return None
            at.append((position, found[0]))
        if {k for _, k in at} != set(range(len(dates))):
            return None
        columns = [expression for expression, _, _ in compiler.select]
        return _Statement(
            sql,
            params,
            tuple(at),
            (*query.extra_select, *query.values_select, *query.annotation_select),
            compiler,
            compiler.get_converters(columns),
        )

    def _rows(self, alias: str, statement: _Statement, dates: tuple) -> list[dict[str, Any]]:
        connection = connections[alias]
        params = list(statement.params)
        for position, k in statement.at:
            params[position] = _adapted(connection, dates[k])
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows: Any = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        return [dict(zip(statement.names, row, strict=True)) for row in rows]

    def _statement(self, alias: str, key: Hashable, query_of, dates: tuple):
        if (alias, key) not in self._statements:
            self._statements[alias, key] = self._compile(alias, query_of, dates)
        return self._statements[alias, key]

    def values(self, key: Hashable, build: Build, *dates: date) -> list[dict[str, Any]]:
        """`list(build(*dates))`, a values() queryset's rows as dicts; `key` names everything
        but the dates that the queryset depends on."""
        alias = router.db_for_read(self.model)

        def query_of(values: tuple) -> Any:
            queryset = build(*values)
            if queryset._iterable_class is not ValuesIterable:
                raise ValueError("only a values() queryset's rows are read here")
            return queryset.query

        try:
            statement = self._statement(alias, key, query_of, dates)
        except ValueError:
            statement = self._statements[alias, key] = None
        if statement is None:
            return list(build(*dates).using(alias))
        return self._rows(alias, statement, dates)

    def aggregate(self, key: Hashable, build: AggregateBuild, *dates: date) -> dict[str, Any]:
        """`queryset.aggregate(**aggregates)` where `build(*dates)` gives both."""
        alias = router.db_for_read(self.model)
        try:
            statement = self._statement(
                alias, key, lambda values: _aggregate_query(*build(*values)), dates
            )
        except ValueError:
            statement = self._statements[alias, key] = None
        if statement is None:
            queryset, aggregates = build(*dates)
            return queryset.using(alias).aggregate(**aggregates)
        (row,) = self._rows(alias, statement, dates)
        return row

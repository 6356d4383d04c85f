"""A filtered list's count and rows, compiled once per shape of its filters and sent with each
call's values.

The officer case list built its query from the filter form on every request, resolved every
lookup, then compiled it twice (the count, the page's rows): a fifth of the request's CPU at
100,000 cases, for SQL that is the same for every request with the same filters set (the
same service menu, state, sort, page size) and differs only in its parameters (which service,
which words). `Shaped` builds a key's query twice, with two sets of stand-in values, keeps the
SQL, finds where each value went among the parameters (the parameters that differ between the
two), and how it went there (as the ORM sends it, or as a `contains`, `startswith` or
`endswith` pattern), and then sends that SQL with each call's values, building the rows as
`values()` and the number as `count()` do. The page's `LIMIT`/`OFFSET` is written for each call
as the ORM writes it. When the two compilations differ otherwise, or a parameter comes from no
single value in a known way, the key's reads go through the ORM as before.

The key is the caller's promise: everything the SQL depends on but the values (which filters
are set, to what fixed choice, for whom). Two values that give SQL of another shape (a keyword
that is a whole reference, say) must give another key.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections, router
from django.db.models import Count, QuerySet
from django.db.models.query import ValuesIterable

from .grouped import _adapted, _aggregate_query, compiled_twice

Build = Callable[..., QuerySet]

# Far from any real page: the stand-in slice that shows where the ORM writes LIMIT/OFFSET.
_STAND_IN_LOW, _STAND_IN_HIGH = 7_919_000, 7_919_037


def _as_sent(connection: Any, value: Any) -> Any:
    if isinstance(value, date):
        return _adapted(connection, value)
    return value


def _pattern(before: str, after: str) -> Callable[[Any, Any], Any]:
    def derived(connection: Any, value: Any) -> Any:
        if not isinstance(value, str):
            return None
        return f"{before}{connection.ops.prep_for_like_query(value)}{after}"

    return derived


# How a value becomes a parameter: as it is (adapted as the ORM adapts a date), or as the
# pattern of a `contains`, `startswith` or `endswith` lookup (Django's PatternLookup).
_DERIVATIONS: tuple[Callable[[Any, Any], Any], ...] = (
    _as_sent,
    _pattern("%", "%"),
    _pattern("", "%"),
    _pattern("%", ""),
)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    at: tuple[tuple[int, int, Callable[[Any, Any], Any]], ...]  # (position, value, derivation)
    names: tuple[str, ...]
    compiler: Any
    converters: dict
    sliced: bool


def _placed(connection: Any, params: tuple, other: tuple, first: tuple, second: tuple):
    """Where each value went among `params` (compiled with the stand-ins `first`) and `other`
    (with `second`), and how; None when a parameter that differs comes from no single value."""
    at = []
    for position, (one, two) in enumerate(zip(params, other, strict=True)):
        if one == two:
            continue
        found = [
            (k, derivation)
            for k in range(len(first))
            for derivation in _DERIVATIONS
            if derivation(connection, first[k]) == one and derivation(connection, second[k]) == two
        ]
        if len({k for k, _ in found}) != 1:
            return None
        at.append((position, found[0][0], found[0][1]))
    return tuple(at)


class Shaped:
    """`count()` and `values(...)` rows of querysets of `model` built by `build(*values)`,
    compiled once per database and key. `stand_ins` are two tuples of values no real call
    passes, of the types of `values`, that give the same shape of SQL as the real ones. At most
    `limit` keys are kept (the key may hold a user or a day)."""

    def __init__(self, model: Any, *, limit: int = 256) -> None:
        self.model = model
        self.limit = limit
        self._statements: dict[tuple[str, str, Hashable], _Statement | None] = {}

    def _compile(self, alias: str, query_of: Callable[[tuple], Any], stand_ins: tuple):
        connection = connections[alias]
        twice = compiled_twice(alias, query_of, stand_ins)
        if twice is None:
            return None
        sql, params, other_params, compiler, query = twice
        at = _placed(connection, params, other_params, *stand_ins)
        if at is None:
            return None
        sliced = query.is_sliced
        if sliced:
            tail = " " + connection.ops.limit_offset_sql(_STAND_IN_LOW, _STAND_IN_HIGH)
            if not sql.endswith(tail):
                return None
            sql = sql.removesuffix(tail)
        names = (
            tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        if compiler.has_extra_select or len(names) != compiler.col_count:
            return None
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        return _Statement(
            sql, params, at, names, compiler, compiler.get_converters(columns), sliced
        )

    def _statement(self, alias: str, kind: str, key: Hashable, query_of, stand_ins):
        if (alias, kind, key) not in self._statements:
            if len(self._statements) >= self.limit:
                self._statements.clear()
            try:
                statement = self._compile(alias, query_of, stand_ins)
            except (ValueError, TypeError):
                statement = None
            self._statements[alias, kind, key] = statement
        return self._statements[alias, kind, key]

    def _rows(self, alias: str, statement: _Statement, values: tuple, limits: str = "") -> list:
        connection = connections[alias]
        params = list(statement.params)
        for position, k, derivation in statement.at:
            params[position] = derivation(connection, values[k])
        with connection.cursor() as cursor:
            cursor.execute(f"{statement.sql} {limits}" if limits else statement.sql, params)
            rows: Any = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        return rows

    def count(self, key: Hashable, build: Build, values: tuple, stand_ins: tuple) -> int:
        """`build(*values).count()`."""
        alias = router.db_for_read(self.model)
        statement = self._statement(
            alias,
            "count",
            key,
            lambda some: _aggregate_query(build(*some), {"__count": Count("*")}),
            stand_ins,
        )
        if statement is None:
            return build(*values).using(alias).count()
        ((number,),) = self._rows(alias, statement, values)
        return number

    def values(
        self,
        key: Hashable,
        build: Build,
        values: tuple,
        stand_ins: tuple,
        *,
        low: int = 0,
        high: int | None = None,
    ) -> list[dict[str, Any]]:
        """`list(build(*values)[low:high])`, `build` giving a values() queryset, not sliced."""
        if high is not None and high <= low:
            return []  # as the ORM: an empty slice sends no query
        alias = router.db_for_read(self.model)

        def query_of(some: tuple) -> Any:
            queryset = build(*some)
            if queryset._iterable_class is not ValuesIterable or queryset.query.is_sliced:
                raise ValueError("only an unsliced values() queryset's rows are read here")
            return queryset[_STAND_IN_LOW:_STAND_IN_HIGH].query

        statement = self._statement(alias, "values", key, query_of, stand_ins)
        if statement is None:
            return list(build(*values).using(alias)[low:high])
        connection = connections[alias]
        limits = connection.ops.limit_offset_sql(low, high) if statement.sliced else ""
        rows = self._rows(alias, statement, values, limits)
        return [dict(zip(statement.names, row, strict=True)) for row in rows]

"""The first row of an ORM query, compiled once per database and sent with each call's value.

Django compiles a queryset's SQL every time it runs: for the public form's confirmation page
(the case with its service, customer and council, then its acknowledgement's status) that was
about half of the page's CPU, more than PostgreSQL took to answer. `FirstRow` asks the ORM to
compile the query once, with a stand-in value for its one parameter, keeps the SQL, and then
sends it with the real value and builds the result as the ORM's own iterables do (the model and
its `select_related` models through Django's populators, or a `values_list` tuple), applying
the ORM's own converters where the database's values need them (SQLite's dates and booleans,
JSON). Where the compiled parameters are not just the stand-in, or the query has a shape this
does not rebuild (annotations, extra select), the ORM runs the query as before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


@dataclass(frozen=True)
class _Compiled:
    sql: str
    at: tuple[int, ...]  # where each value goes among the parameters
    params: tuple
    rows_as: str  # "model" or "tuple"
    model: Any = None
    init_list: tuple = ()
    start: int = 0
    end: int = 0
    populators: tuple = ()
    converters: tuple = ()  # (column, its functions, its expression), as the ORM applies them


class FirstRow:
    """`query(*values).first()`, compiled once per database. `query` builds the queryset for
    its values (an ordered `filter(...)`: the same SQL whatever they are); `stand_ins` are
    values no real call passes, one per value, to find each among the parameters. `prepare`
    turns the values into the parameters the lookups send (`iexact` escapes on SQLite, say)."""

    def __init__(
        self,
        model: Any,
        query: Callable[..., QuerySet],
        stand_ins: tuple = (),
        prepare: Callable[[str, tuple], tuple] | None = None,
    ) -> None:
        self.model = model
        self.query = query
        self.stand_ins = stand_ins
        self.prepare = prepare or (lambda alias, values: values)
        self._compiled: dict[str, _Compiled | None] = {}

    def _queryset(self, values: tuple) -> QuerySet:
        queryset = self.query(*values)
        return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]

    def _compile(self, alias: str) -> _Compiled | None:
        queryset = self._queryset(self.stand_ins)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        params = tuple(params)
        prepared = self.prepare(alias, self.stand_ins)
        if any(params.count(value) != 1 for value in prepared):
            return None
        at = tuple(params.index(value) for value in prepared)
        converters = tuple(
            (column, functions, expression)
            for column, (functions, expression) in compiler.get_converters(
                [column for column, _, _ in compiler.select]
            ).items()
        )
        iterable = queryset._iterable_class
        if iterable is ValuesListIterable:
            # Plain columns only. Django 5.2 lists a values_list()'s own columns in
            # `annotation_col_map` too, so that map alone no longer tells an annotation.
            plain = not queryset.query.annotations and not queryset.query.extra_select
            if plain and compiler.col_count == len(compiler.select):
                return _Compiled(sql, at, params, "tuple", converters=converters)
            return None
        if iterable is not ModelIterable or compiler.annotation_col_map:
            return None
        if queryset._known_related_objects or queryset.query.extra_select:
            return None
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql,
            at,
            params,
            "model",
            model=klass_info["model"],
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            start=start,
            end=end,
            populators=tuple(get_related_populators(klass_info, select, alias)),
            converters=converters,
        )

    def _statement(self, alias: str, values: tuple) -> tuple[_Compiled | None, list]:
        if alias not in self._compiled:
            self._compiled[alias] = self._compile(alias)
        compiled = self._compiled[alias]
        if compiled is None:
            return None, []
        params = list(compiled.params)
        for at, value in zip(compiled.at, self.prepare(alias, values), strict=True):
            params[at] = value
        return compiled, params

    def _result(self, compiled: _Compiled, alias: str, row) -> Any:
        if row is None:
            return None
        if compiled.converters:
            row = list(row)
            connection = connections[alias]
            for column, functions, expression in compiled.converters:
                for function in functions:
                    row[column] = function(row[column], expression, connection)
        if compiled.rows_as == "tuple":
            return tuple(row)
        values = row[compiled.start : compiled.end]
        obj = compiled.model.from_db(alias, list(compiled.init_list), values)
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj

    def __call__(self, *values: Any) -> Any:
        alias = router.db_for_read(self.model)
        compiled, params = self._statement(alias, values)
        if compiled is None:
            return self.query(*values).using(alias).first()
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        return self._result(compiled, alias, row)


def _several_statements_at_once(alias: str) -> bool:
    """PostgreSQL with Django's default client-side binding: psycopg's ClientCursor merges the
    values into the text and sends it by the simple query protocol, which takes several
    statements and answers each. Server-side binding (and SQLite) take one at a time."""
    connection = connections[alias]
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("server_side_binding") is not True
    )


def first_rows(*reads: tuple[FirstRow, tuple]) -> list:
    """`[read(*values) for read, values in reads]`, sent to the database in one round trip
    where it takes several statements at once: each is the statement its `FirstRow` sends
    alone, with the same values, each row built as it builds it. Reads that are not all
    compiled for one such database are sent one by one, as before (issue 14: the API's token
    and the council, read by every request, were two round trips)."""
    aliases = {router.db_for_read(read.model) for read, _ in reads}
    alias = aliases.pop() if len(aliases) == 1 else None
    statements = [read._statement(alias, values) for read, values in reads] if alias else []
    if (
        not statements
        or not _several_statements_at_once(alias)
        or not all(compiled for compiled, _ in statements)
    ):
        return [read(*values) for read, values in reads]
    rows = []
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "; ".join(compiled.sql for compiled, _ in statements),
            [value for _, params in statements for value in params],
        )
        for number in range(len(statements)):
            if number:
                cursor.nextset()
            rows.append(cursor.fetchone())
    return [
        read._result(compiled, alias, row)
        for (read, _), (compiled, _), row in zip(reads, statements, rows, strict=True)
    ]

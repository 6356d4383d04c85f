"""A new row, its first history row and rows that point at it, written by one statement.

`save()` on a model with django-simple-history sends two INSERTs: the row, then (in
simple-history's post_save receiver) its history row, which needs the new row's id; a timeline
entry for a new case needs it too. A PostgreSQL data-modifying WITH does them all in one round
trip: the row's INSERT hands its id to the others. The creating POST of the public form writes
its customer, and its case with the case's history, first timeline entry, progress link and
acknowledgement in the outbox, this way (issue 14: five statements fewer). One statement is all
or nothing, like the transaction around it. SQLite (the embedded set-up) has no data-modifying
WITH: there each row is saved by `save()`, as before.

Everything `save()` does around the INSERTs is kept: each field's `pre_save` (auto_now_add),
the pre_save and post_save signals (simple-history's own receiver told to skip, its row being
written here), simple-history's history user, change reason and pre/post-create signals, and
each instance left saved (its id, `_state`, django-fsm's remembered state).
"""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import BinaryField, CharField, Field, ForeignKey, Model, TextField, signals
from django.db.models.sql import InsertQuery
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record
from simple_history.utils import get_change_reason_from_object

NEW_ROW = "new_row"

# The longest statement and the most parameters psycopg keeps converted (see below): the case's
# statement has about 3,000 characters and 113 parameters today; room for columns to come.
STATEMENT_CACHE_MAX_LENGTH = 8192
STATEMENT_CACHE_MAX_PARAMS = 256


def psycopg_statement_cache_widen() -> bool:
    """Let psycopg keep the case's statement converted, as it keeps every smaller one.

    psycopg turns a query's `%s` placeholders into its own form once per distinct query and
    keeps the result (an LRU of 128 queries), but only for a query of at most 4,096 characters
    and 50 parameters, so that an ORM's `IN (...)` lists of every length do not crowd it out
    (psycopg discussion 628). The creating POST's one statement has 113 parameters: converting
    it again on every submission cost about 0.6 ms of CPU, some 6% of the request. The limits
    are module constants, read on every query, with no setting of their own; raising them
    lets a few longer queries into the same bounded LRU. False if a psycopg upgrade renamed
    them: nothing breaks, and `tests/feedback/test_rows.py` says the saving is gone."""
    from psycopg import _queries

    if not hasattr(_queries, "MAX_CACHED_STATEMENT_PARAMS"):
        return False
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(
        _queries.MAX_CACHED_STATEMENT_LENGTH, STATEMENT_CACHE_MAX_LENGTH
    )
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(
        _queries.MAX_CACHED_STATEMENT_PARAMS, STATEMENT_CACHE_MAX_PARAMS
    )
    return True


def _fields(model: type[Model]) -> list:
    meta = model._meta
    return [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated]


def _checked_new(instance: Model) -> None:
    meta = instance._meta
    if not (instance._state.adding and instance.pk is None and meta.auto_field is not None):
        raise ValueError("Only a new row whose id the database gives.")
    if list(meta.db_returning_fields) != [meta.auto_field]:
        raise ValueError(f"{type(instance).__name__} has columns the database fills: save() it.")


# (model, fields, database) -> Django's compiled `INSERT INTO t (columns)`, checked once.
_INSERT_HEADS: dict[tuple, str] = {}


def _insert_compiled(obj: Model, fields: list, using: str) -> tuple[str, list]:
    """Django's own INSERT of `obj`: `INSERT INTO t (columns) VALUES (%s, ...)`, each value a
    parameter (each field's pre_save and database preparation)."""
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj])
    [(sql, params)] = query.get_compiler(using=using).as_sql()
    head, _, values = sql.partition(" VALUES ")
    if values != "(" + ", ".join(["%s"] * len(fields)) + ")":
        raise ValueError(f"Unexpected placeholders in {type(obj).__name__}'s INSERT: {values}")
    return head, list(params)


def _placeholder_is_plain(field, value, connection) -> bool:
    """Whether Django's compiler would send `value` of `field` as a plain `%s`. A BinaryField
    (the outbox's attachment) asks the backend, which says `%s` on PostgreSQL and SQLite; any
    other field with a placeholder of its own is compiled each time."""
    if not hasattr(field, "get_placeholder"):
        return True
    if type(field).get_placeholder is BinaryField.get_placeholder:
        return connection.ops.binary_placeholder_sql(value) == "%s"
    return False


def _placeholders_are_plain(fields: list, params: list, connection) -> bool:
    return all(
        _placeholder_is_plain(field, value, connection)
        for field, value in zip(fields, params, strict=True)
    )


def _passes_values_through(field) -> str | None:
    """Which values Django's own preparation hands on unchanged for `field` (`pre_save`, then
    `get_db_prep_save`), going by the methods its class really uses, so a subclass or custom
    field that overrides any of them is prepared in full: "text" for a CharField or TextField
    (a `str` or None is kept as it is: `to_python` returns both unchanged), "null" for a
    ForeignKey (None is None), else None."""
    cls = type(field)
    if cls.pre_save is not Field.pre_save or hasattr(field, "get_placeholder"):
        return None
    if (
        cls.get_db_prep_save is Field.get_db_prep_save
        and cls.get_db_prep_value is Field.get_db_prep_value
        and cls.get_prep_value in (CharField.get_prep_value, TextField.get_prep_value)
        and cls.to_python in (CharField.to_python, TextField.to_python)
    ):
        return "text"
    if cls.get_db_prep_save is ForeignKey.get_db_prep_save:
        return "null"
    return None


# (model, fields, database) -> for each field, _passes_values_through(field); and the positions
# of the fields with a placeholder of their own. Worked out with the kept INSERT.
_INSERT_PLANS: dict[tuple, tuple[tuple[str | None, ...], tuple[int, ...]]] = {}


def _params_prepared(obj: Model, fields: list, plan: tuple, connection) -> list | None:
    """The values as Django's insert compiler prepares them (`pre_save(obj, add=True)`, then
    `get_db_prep_save`), a value its field hands on unchanged taken as it is (a case's values
    are mostly text: this is most of them). None if a value is an expression, or one its field
    would not send as a plain `%s`: those are compiled."""
    passes, with_placeholder = plan
    params = []
    for field, passes_through in zip(fields, passes, strict=True):
        value = getattr(obj, field.attname)
        if passes_through == "text" and (value is None or type(value) is str):
            params.append(value)
        elif passes_through == "null" and value is None:
            params.append(None)
        elif hasattr(value, "resolve_expression"):
            return None
        else:
            params.append(field.get_db_prep_save(field.pre_save(obj, add=True), connection))
    for index in with_placeholder:
        if not _placeholder_is_plain(fields[index], params[index], connection):
            return None
    return params


def _insert_head_and_params(obj: Model, fields: list, using: str) -> tuple[str, list]:
    """`_insert_compiled`, compiled once per model, fields and database: afterwards the values
    are prepared as Django's insert compiler prepares them (`_params_prepared`), which cost a
    fifth of what compiling the statement again did. A value that is an expression, or one
    its field would not send as a plain `%s`, is compiled each time."""
    key = (type(obj), tuple(fields), using)
    head = _INSERT_HEADS.get(key)
    if head is not None:
        params = _params_prepared(obj, fields, _INSERT_PLANS[key], connections[using])
        if params is not None:
            return head, params
        # An expression, or a value the backend sends otherwise: compiled, as Django does.
    head, params = _insert_compiled(obj, fields, using)
    if _placeholders_are_plain(fields, params, connections[using]):
        _INSERT_PLANS[key] = (
            tuple(_passes_values_through(field) for field in fields),
            tuple(i for i, field in enumerate(fields) if hasattr(field, "get_placeholder")),
        )
        _INSERT_HEADS[key] = head
    return head, params


def _insert_sql(obj: Model, fields: list, using: str, *, new_row_column: str | None):
    """Django's own INSERT of `obj` (each field's pre_save and database preparation), as
    `INSERT INTO t (columns) VALUES (...)`, or with `new_row_column` as `... SELECT ... FROM
    new_row`, that column's value taken from the new row's id."""
    head, params = _insert_head_and_params(obj, fields, using)
    placeholders = ["%s"] * len(fields)
    if new_row_column is None:
        return f"{head} VALUES ({', '.join(placeholders)})", params
    index = next(i for i, f in enumerate(fields) if f.column == new_row_column)
    placeholders[index] = f'{NEW_ROW}."id"'
    del params[index]
    # Django's compiled INSERT and quoted names; every value stays a parameter.
    return f"{head} SELECT {', '.join(placeholders)} FROM {NEW_ROW}", params  # noqa: S608


# model -> its history model, as simple-history's manager gives it (`Model.history.model`):
# that descriptor builds a new manager class, inspecting the queryset's methods, on every read.
_HISTORY_MODELS: dict[type[Model], type[Model]] = {}


def history_model_of(model: type[Model]) -> type[Model]:
    found = _HISTORY_MODELS.get(model)
    if found is None:
        found = _HISTORY_MODELS[model] = getattr(
            model, model._meta.simple_history_manager_attribute
        ).model
    return found


def _one_statement(using: str) -> bool:
    """PostgreSQL's data-modifying WITH; SQLite (the embedded set-up) has none."""
    return connections[using].vendor == "postgresql"


def _saved_one_by_one(
    instance: Model, pointing_at_it: Sequence[tuple[Model, str]], using: str
) -> None:
    """What the one statement replaces: `save()` on each (the history row by simple-history's
    own receiver), in the caller's transaction."""
    instance.save(using=using)
    for row, foreign_key in pointing_at_it:
        setattr(row, foreign_key, instance)
        row.save(using=using)


def _saved(instance: Model, pk, using: str) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using


def row_insert_with_history(
    instance: Model,
    *,
    records: HistoricalRecords,
    pointing_at_it: Sequence[tuple[Model, str]] = (),
) -> None:
    """INSERT `instance` (new, its id from the database), its "+" history row and each of
    `pointing_at_it` (a new row and the name of its foreign key to `instance`) in one statement,
    as `save()` on each would with several. `records`: the model's HistoricalRecords."""
    model = type(instance)
    meta = model._meta
    using = router.db_for_write(model, instance=instance)
    _checked_new(instance)
    if meta.auto_field.column != "id":
        raise ValueError(f"{model.__name__}'s id column is not `id`.")
    for row, _ in pointing_at_it:
        _checked_new(row)
    if not _one_statement(using):
        _saved_one_by_one(instance, pointing_at_it, using)
        return
    for obj in [instance, *(row for row, _ in pointing_at_it)]:
        signals.pre_save.send(
            sender=type(obj), instance=obj, raw=False, using=using, update_fields=None
        )
    row_sql, params = _insert_sql(instance, _fields(model), using, new_row_column=None)

    # The history row as simple-history's create_historical_record builds it, its id to come.
    history_model = history_model_of(model)
    history_date = getattr(instance, "_history_date", timezone.now())
    history_user = records.get_history_user(instance)
    change_reason = get_change_reason_from_object(instance)
    history = history_model(
        history_date=history_date,
        history_type="+",
        history_user=history_user,
        history_change_reason=change_reason,
        **{f.attname: getattr(instance, f.attname) for f in records.fields_included(instance)},
    )
    history_signal = {
        "sender": history_model,
        "instance": instance,
        "history_instance": history,
        "history_date": history_date,
        "history_user": history_user,
        "history_change_reason": change_reason,
        "using": using,
    }
    pre_create_historical_record.send(**history_signal)

    parts = [f"{NEW_ROW} AS ({row_sql} RETURNING id)"]
    history_sql, history_params = _insert_sql(
        history, _fields(history_model), using, new_row_column="id"
    )
    quote = connections[using].ops.quote_name
    parts.append(f"h AS ({history_sql} RETURNING {quote(history_model._meta.pk.column)} AS id)")
    params += history_params
    for number, (row, foreign_key) in enumerate(pointing_at_it):
        column = type(row)._meta.get_field(foreign_key).column
        row_sql_n, row_params = _insert_sql(row, _fields(type(row)), using, new_row_column=column)
        pk_column = quote(type(row)._meta.pk.column)
        parts.append(f"r{number} AS ({row_sql_n} RETURNING {pk_column} AS id)")
        params += row_params
    names = [NEW_ROW, "h", *(f"r{number}" for number in range(len(pointing_at_it)))]
    selected = [f"(SELECT id FROM {name})" for name in names]  # noqa: S608 (our own names)
    sql = f"WITH {', '.join(parts)} SELECT {', '.join(selected)}"  # noqa: S608 (as above)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row_id, history_id, *pointing_ids = cursor.fetchone()

    _saved(instance, row_id, using)
    history.id = row_id
    _saved(history, history_id, using)
    for (row, foreign_key), pk in zip(pointing_at_it, pointing_ids, strict=True):
        setattr(row, foreign_key, instance)  # the id and the cached instance, as assigned
        _saved(row, pk, using)
    if hasattr(instance, "_update_initial_state"):  # django-fsm's ConcurrentTransitionMixin
        instance._update_initial_state()
    post_create_historical_record.send(**history_signal)
    instance.skip_history_when_saving = True  # simple-history's receiver: its row is written
    try:
        signals.post_save.send(
            sender=model,
            instance=instance,
            created=True,
            update_fields=None,
            raw=False,
            using=using,
        )
    finally:
        del instance.skip_history_when_saving
    for row, _ in pointing_at_it:
        signals.post_save.send(
            sender=type(row), instance=row, created=True, update_fields=None, raw=False, using=using
        )

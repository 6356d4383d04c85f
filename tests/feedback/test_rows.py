"""feedback/rows.py: a new row, its history row and rows pointing at it in one statement, with
the same rows, signals and saved instance as save() gives."""

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from feedback.models import (
    CASE_HISTORY,
    CUSTOMER_HISTORY,
    Case,
    CaseEvent,
    Customer,
    Notification,
)
from feedback.rows import row_insert_with_history
from feedback.services import CustomerDetails, case_create, event_build

pytestmark = pytest.mark.django_db
# PostgreSQL's data-modifying WITH; SQLite saves one by one (the last test).
one_statement = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="one statement: PostgreSQL's WITH"
)

HISTORY_ONLY = {"history_id", "history_date", "history_type", "history_change_reason"}


def _bins_complaint(organisation, housing, web_form, *, email: str) -> Case:
    return case_create(
        organisation=organisation,
        kind="complaint",
        service=housing,
        channel=web_form,
        summary="Bins",
        description="Not collected",
        customer_details=CustomerDetails(first_name="Ann", email=email),
    )


def _history_values(record) -> dict:
    return {
        f.attname: getattr(record, f.attname)
        for f in record._meta.concrete_fields
        if f.attname not in HISTORY_ONLY | {"id", "created_at"}
    }


@one_statement
def test_a_customer_and_its_history_row_are_one_statement_and_match_save(organisation):
    values = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "phone": "1"}
    saved = Customer(organisation=organisation, **values)
    saved.save()
    together = Customer(organisation=organisation, **values)
    with CaptureQueriesContext(connection) as captured:
        row_insert_with_history(together, records=CUSTOMER_HISTORY)

    assert len(captured.captured_queries) == 1
    assert together.pk is not None
    assert not together._state.adding
    stored = Customer.objects.get(pk=together.pk)
    assert (stored.email, stored.created_at) == ("ann@example.com", together.created_at)
    (record,) = together.history.all()
    (expected,) = saved.history.all()
    assert record.id == together.pk
    assert record.history_type == "+"
    assert _history_values(record) == _history_values(expected)


def test_the_history_row_records_who_made_the_change(organisation, housing_officer):
    customer = Customer(organisation=organisation, first_name="Ann")
    customer._history_user = housing_officer
    row_insert_with_history(customer, records=CUSTOMER_HISTORY)
    assert customer.history.get().history_user == housing_officer


@one_statement
def test_save_and_its_signals_as_save_sends_them(organisation):
    heard = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            instance = kwargs.get("instance")
            heard.append((signal_name, sender.__name__, kwargs.get("created"), instance.pk))

        return receiver

    receivers = [
        (signals.pre_save, listen("pre_save")),
        (signals.post_save, listen("post_save")),
        (pre_create_historical_record, listen("pre_history")),
        (post_create_historical_record, listen("post_history")),
    ]
    for signal, receiver in receivers:
        signal.connect(receiver)
    try:
        customer = Customer(organisation=organisation, first_name="Ann")
        row_insert_with_history(customer, records=CUSTOMER_HISTORY)
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)
    mine = [entry for entry in heard if entry[1] in ("Customer", "HistoricalCustomer")]
    assert mine == [
        ("pre_save", "Customer", None, None),
        ("pre_history", "HistoricalCustomer", None, None),
        ("post_history", "HistoricalCustomer", None, customer.pk),
        ("post_save", "Customer", True, customer.pk),
    ]
    # simple-history wrote its row once (here), and later saves record their changes.
    customer.first_name = "Anne"
    customer.save()
    assert list(
        customer.history.order_by("history_id").values_list("history_type", "first_name")
    ) == [
        ("+", "Ann"),
        ("~", "Anne"),
    ]


@one_statement
def test_a_new_case_its_history_and_first_timeline_entry_are_one_statement(
    organisation, housing, web_form
):
    with CaptureQueriesContext(connection) as captured:
        case = _bins_complaint(organisation, housing, web_form, email="ann@example.com")
    inserts = [q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"]]
    written = [sql for sql in inserts if '"feedback_case"' in sql]
    assert len(written) == 1
    assert "feedback_historicalcase" in written[0]
    assert "feedback_caseevent" in written[0]

    stored = Case.objects.get(pk=case.pk)
    (record,) = stored.history.all()
    assert record.history_type == "+"
    for field in CASE_HISTORY.fields_included(stored):
        assert getattr(record, field.attname) == getattr(stored, field.attname), field.name
    (event,) = CaseEvent.objects.filter(case=stored)
    assert (event.kind, event.to_state, event.actor_label, event.is_internal) == (
        CaseEvent.Kind.RECEIVED,
        stored.state,
        "Customer",
        False,
    )
    (customer_record,) = stored.customer.history.all()
    assert customer_record.email == "ann@example.com"


@one_statement
def test_psycopg_keeps_the_case_statement_converted(organisation, housing, web_form, monkeypatch):
    """feedback.rows.psycopg_statement_cache_widen: psycopg converts the statement's
    placeholders once, not on every submission (it has more parameters than psycopg keeps by
    default, which the last case here shows)."""
    from psycopg import _queries

    converted_afresh: list[bytes] = []
    original = _queries._query2pg_client_nocache

    def spy(query: bytes, encoding: str):
        converted_afresh.append(query)
        return original(query, encoding)

    monkeypatch.setattr(_queries, "_query2pg_client_nocache", spy)
    for number in range(3):
        _bins_complaint(organisation, housing, web_form, email=f"ann{number}@example.com")
    assert not [query for query in converted_afresh if b'INTO "feedback_case"' in query]

    # psycopg's own limits: the statement would be converted again each time.
    monkeypatch.setattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", 4096)
    monkeypatch.setattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", 50)
    _bins_complaint(organisation, housing, web_form, email="ann9@example.com")
    assert [query for query in converted_afresh if b'INTO "feedback_case"' in query]


@one_statement
def test_the_acknowledgement_goes_in_with_the_case_as_acknowledgement_queue_writes_it(
    organisation, housing, web_form, django_capture_on_commit_callbacks
):
    """Its progress link and outbox row are in the case's statement, the same rows as
    `acknowledgement_queue(case_is_new=True)` saves one by one, and the outbox row is handed
    to the broker once, on commit."""
    from feedback.acknowledgements import acknowledgement_queue
    from feedback.models import Notification, ProgressLink
    from feedback.progress import progress_case_from_token

    with (
        django_capture_on_commit_callbacks(execute=False) as published,
        CaptureQueriesContext(connection) as captured,
    ):
        case = _bins_complaint(organisation, housing, web_form, email="Ann@Example.com")
    sql = [q["sql"] for q in captured.captured_queries]
    (written,) = [s for s in sql if '"feedback_case"' in s]
    assert [s for s in sql if '"feedback_progresslink"' in s] == [written]
    assert [s for s in sql if '"feedback_notification"' in s] == [written]
    assert len(published) == 1

    (link,) = ProgressLink.objects.filter(case=case)
    (outbox,) = Notification.objects.filter(case=case)
    token = outbox.body.split("/progress/")[1].split("/")[0]
    assert progress_case_from_token(token) == case

    ProgressLink.objects.filter(case=case).delete()
    Notification.objects.filter(case=case).delete()
    acknowledgement_queue(case=Case.objects.get(pk=case.pk), case_is_new=True)
    (link_saved,) = ProgressLink.objects.filter(case=case)
    (outbox_saved,) = Notification.objects.filter(case=case)

    def values(row, *, apart: set[str]) -> dict:
        return {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if f.attname not in apart | {"id"}
        }

    token_saved = outbox_saved.body.split("/progress/")[1].split("/")[0]
    assert values(link, apart={"token_digest", "issued_at", "expires_at"}) == values(
        link_saved, apart={"token_digest", "issued_at", "expires_at"}
    )
    assert link.email == "ann@example.com"
    assert link.expires_at - link.issued_at == link_saved.expires_at - link_saved.issued_at
    assert values(outbox, apart={"created_at"}) == {
        **values(outbox_saved, apart={"created_at"}),
        "body": outbox_saved.body.replace(token_saved, token),
    }
    assert (outbox.key, outbox.to, outbox.status) == (
        f"ack-email:{case.reference}",
        "Ann@Example.com",
        Notification.Status.PENDING,
    )


def test_a_row_pointing_at_the_new_row_keeps_it(organisation, housing, web_form):
    from feedback import clock

    case = Case(
        received_at=clock.now(),
        organisation=organisation,
        reference="CMP-2026-99999",
        kind="comment",
        service=housing,
        channel=web_form,
        summary="A comment",
    )
    event = event_build(case=case, kind=CaseEvent.Kind.NOTE, summary="First")
    row_insert_with_history(case, records=CASE_HISTORY, pointing_at_it=[(event, "case")])
    assert event.pk is not None
    assert event.case_id == case.pk
    with CaptureQueriesContext(connection) as captured:
        assert event.case is case
    assert captured.captured_queries == []
    assert CaseEvent.objects.get(pk=event.pk).case_id == case.pk


def test_only_new_rows(organisation):
    customer = Customer.objects.create(organisation=organisation, first_name="Ann")
    with pytest.raises(ValueError, match="new row"):
        row_insert_with_history(customer, records=CUSTOMER_HISTORY)


def test_without_a_data_modifying_with_each_row_is_saved_and_the_rows_are_the_same(
    organisation, housing, web_form, monkeypatch
):
    """SQLite (the embedded set-up, `make test` by default) has no data-modifying WITH: there
    `save()` writes each row, the same rows as the one statement (the tests above)."""
    from feedback import rows
    from feedback.models import Notification, ProgressLink

    monkeypatch.setattr(rows, "_one_statement", lambda using: False)  # as on SQLite
    case = _bins_complaint(organisation, housing, web_form, email="ann@example.com")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.reference, stored.respond_by) == (case.reference, case.respond_by)
    (record,) = stored.history.all()
    assert record.history_type == "+"
    for field in CASE_HISTORY.fields_included(stored):
        assert getattr(record, field.attname) == getattr(stored, field.attname), field.name
    (event,) = CaseEvent.objects.filter(case=stored)
    assert (event.kind, event.actor_label) == (CaseEvent.Kind.RECEIVED, "Customer")
    assert stored.customer.history.get().email == "ann@example.com"
    assert ProgressLink.objects.get(case=stored).email == "ann@example.com"
    assert Notification.objects.get(case=stored).key == f"ack-email:{case.reference}"


def test_an_insert_from_the_kept_statement_is_the_one_django_compiles(organisation):
    """After the first, a model's INSERT is not compiled again: its values are prepared as
    Django's insert compiler prepares them (auto_now_add included)."""
    from feedback import rows

    fields = rows._fields(Customer)
    rows._INSERT_HEADS.clear()
    for number in range(3):
        customer = Customer(organisation=organisation, first_name=f"N{number}", email="a@b.c")
        kept = rows._insert_head_and_params(customer, fields, "default")
        assert rows._INSERT_HEADS  # kept after the first
        customer.created_at = None  # compiled again from the same instance, pre_save again
        assert kept[0] == rows._insert_compiled(customer, fields, "default")[0]
        compiled_params = rows._insert_compiled(customer, fields, "default")[1]
        created = next(i for i, f in enumerate(fields) if f.name == "created_at")
        kept_params = list(kept[1])
        assert kept_params[created] is not None
        kept_params[created] = compiled_params[created] = None  # two pre_save times
        assert kept_params == compiled_params


@pytest.mark.parametrize("content", [None, b"%PDF-1.7 letter"])
def test_the_outboxs_insert_is_kept_though_its_attachment_is_binary(organisation, content):
    """A BinaryField has a placeholder of its own (the backend's for binary values): `%s` on
    PostgreSQL and SQLite, so the outbox row's INSERT is kept like the others, with or without
    an attachment, and is still the one Django compiles."""
    from feedback import rows

    fields = rows._fields(Notification)
    rows._INSERT_HEADS.clear()
    for number in range(2):
        outbox = Notification(
            organisation=organisation,
            to="a@b.c",
            key=f"k{number}",
            subject="S",
            body="B",
            attachment_content=content,
        )
        kept = rows._insert_head_and_params(outbox, fields, "default")
        assert (Notification, tuple(fields), "default") in rows._INSERT_HEADS
        compiled = rows._insert_compiled(outbox, fields, "default")
        assert kept[0] == compiled[0]
        created = next(i for i, f in enumerate(fields) if f.name == "created_at")
        # psycopg's Binary wrapper compares by identity: compare what it wraps, and its type.
        kept_params = [(type(p), getattr(p, "obj", p)) for p in kept[1]]
        compiled_params = [(type(p), getattr(p, "obj", p)) for p in compiled[1]]
        kept_params[created] = compiled_params[created] = None  # two pre_save times
        assert kept_params == compiled_params


def test_a_field_with_another_placeholder_is_compiled_each_time(organisation, monkeypatch):
    """Any other field with a placeholder of its own (here the BinaryField stands for one)."""
    from feedback import rows

    other = type("OtherField", (), {"get_placeholder": lambda self, value, compiler, conn: "%s"})
    monkeypatch.setattr(rows, "BinaryField", other)
    fields = rows._fields(Notification)
    rows._INSERT_HEADS.clear()
    outbox = Notification(organisation=organisation, to="a@b.c", key="k", subject="S", body="B")
    rows._insert_head_and_params(outbox, fields, "default")
    assert not rows._INSERT_HEADS


def test_the_history_model_is_simple_historys():
    from feedback.rows import history_model_of

    assert history_model_of(Customer) is Customer.history.model
    assert history_model_of(Case) is Case.history.model
    assert history_model_of(Customer) is history_model_of(Customer)


def test_values_taken_as_they_are_only_where_django_would_hand_them_on(organisation):
    """A CharField's or TextField's str or None and a ForeignKey's None are sent as they are
    (Django's preparation returns them unchanged); a lazy translation, a str subclass and an id
    still go through the field, and the values are the ones Django compiles."""
    from django.utils.translation import gettext_lazy

    from feedback import rows

    fields = rows._fields(Customer)
    rows._INSERT_HEADS.clear()
    rows._insert_head_and_params(Customer(organisation=organisation), fields, "default")
    kinds = dict(
        zip(
            [f.name for f in fields],
            rows._INSERT_PLANS[(Customer, tuple(fields), "default")][0],
            strict=True,
        )
    )
    assert kinds["first_name"] == kinds["address"] == "text"
    assert kinds["possible_match"] == "null"
    assert kinds["created_at"] is None

    class Shouting(str):
        pass

    customer = Customer(
        organisation=organisation,
        first_name=gettext_lazy("Mr"),
        last_name=Shouting("Lowercase"),
        address=None,
        email="a@b.c",
    )
    kept = rows._insert_head_and_params(customer, fields, "default")
    compiled = rows._insert_compiled(customer, fields, "default")
    created = next(i for i, f in enumerate(fields) if f.name == "created_at")
    kept_params, compiled_params = list(kept[1]), list(compiled[1])
    kept_params[created] = compiled_params[created] = None  # two pre_save times
    assert kept_params == compiled_params
    first_name = next(i for i, f in enumerate(fields) if f.name == "first_name")
    assert type(kept_params[first_name]) is str  # the lazy string was cast, as Django casts it


def test_a_field_class_that_prepares_its_own_way_is_prepared_in_full():
    from django.db import models

    from feedback import rows

    class Upper(models.CharField):
        def get_prep_value(self, value):
            return super().get_prep_value(value).upper()

    class Stamped(models.TextField):
        def pre_save(self, model_instance, add):
            return "stamped"

    assert rows._passes_values_through(models.CharField(max_length=5)) == "text"
    assert rows._passes_values_through(models.EmailField()) == "text"
    assert rows._passes_values_through(Upper(max_length=5)) is None
    assert rows._passes_values_through(Stamped()) is None
    assert rows._passes_values_through(models.IntegerField()) is None
    assert rows._passes_values_through(models.BinaryField()) is None

"""dbreads/first_row.py: a query's first row, compiled once, is what the ORM's `first()` gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dbreads.first_row import FirstRow
from feedback import selectors
from feedback.models import Case, Customer, Notification
from feedback.services import CustomerDetails, case_create

pytestmark = pytest.mark.django_db

RELATED = ("service", "customer", "organisation")


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _case(organisation, housing, web_form, email="ann@example.com"):
    return case_create(
        organisation=organisation,
        kind="complaint" if email else "comment",
        service=housing,
        channel=web_form,
        summary="Bins",
        description="Not collected",
        customer_details=CustomerDetails(first_name="Ann", email=email) if email else None,
    )


def test_the_confirmations_case_is_the_orms_with_its_related_rows(organisation, housing, web_form):
    cases = [_case(organisation, housing, web_form), _case(organisation, housing, web_form, "")]
    read = FirstRow(
        Case,
        lambda pk: Case.objects.select_related(*RELATED).filter(pk=pk),
        stand_ins=(-1,),
    )
    for case in cases * 2:  # compiled at the first call, kept after
        ours = read(case.pk)
        orm = Case.objects.select_related(*RELATED).filter(pk=case.pk).first()
        assert _fields(ours) == _fields(orm)
        assert not ours._state.adding
        assert ours._state.db == "default"
        with CaptureQueriesContext(connection) as captured:  # no query: read with the case
            for name in RELATED:
                related, expected = getattr(ours, name), getattr(orm, name)
                assert (related is None) == (expected is None)
                if related is not None:
                    assert _fields(related) == _fields(expected)
        assert len(captured.captured_queries) == 0
    assert read(-5) is None
    assert selectors.case_for_confirmation(cases[0].pk) == cases[0]
    assert isinstance(selectors.case_for_confirmation(cases[0].pk).customer, Customer)
    assert selectors.case_for_confirmation(cases[1].pk).customer is None


def test_a_values_list_row_is_the_orms(organisation, housing, web_form):
    case = _case(organisation, housing, web_form)
    for _ in range(2):
        assert selectors.acknowledgement_status(case=case) == ("ann@example.com", "queued")
    # Compiled, not the ORM's query each time (Django 5.2 lists the columns of a values_list()
    # among its annotations: the read once fell back to the ORM on every call for that).
    assert selectors._acknowledgement_row._compiled["default"] is not None
    Notification.objects.filter(key=f"ack-email:{case.reference}").update(status="sent")
    assert selectors.acknowledgement_status(case=case) == ("ann@example.com", "sent")
    Notification.objects.filter(key=f"ack-email:{case.reference}").update(status="failed")
    assert selectors.acknowledgement_status(case=case) == ("ann@example.com", "failed")
    Notification.objects.all().delete()
    assert selectors.acknowledgement_status(case=case) == ("", "")


def test_values_are_converted_as_the_orm_converts_them(organisation, housing, web_form):
    """SQLite's dates and booleans, and JSON on any database, need converting: the compiled
    read applies the ORM's own converters, so the row is the ORM's, value for value and type
    for type."""
    case = _case(organisation, housing, web_form)
    read = FirstRow(Case, lambda pk: Case.objects.filter(pk=pk), stand_ins=(-1,))
    assert read(case.pk) == case
    compiled = read._compiled["default"]
    assert compiled is not None
    assert bool(compiled.converters) == (connection.vendor == "sqlite")
    row, orm = _fields(read(case.pk)), _fields(Case.objects.get(pk=case.pk))
    assert row == orm
    assert {name: type(value) for name, value in row.items()} == {
        name: type(value) for name, value in orm.items()
    }


def test_a_values_list_with_an_annotation_is_left_to_the_orm(organisation, housing, web_form):
    """A shape FirstRow does not rebuild: the ORM runs it, and the row is still the ORM's."""
    from django.db.models.functions import Upper

    case = _case(organisation, housing, web_form)
    read = FirstRow(
        Notification,
        lambda key: (
            Notification.objects.filter(key=key)
            .annotate(shouted=Upper("to"))
            .values_list("to", "shouted")
        ),
        stand_ins=("ack-email:stand-in",),
    )
    key = f"ack-email:{case.reference}"
    assert read(key) == ("ann@example.com", "ANN@EXAMPLE.COM")
    assert read._compiled["default"] is None

"""dbreads.first_rows: several compiled first rows in one round trip, each what it reads alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dbreads.first_row import FirstRow, first_rows
from feedback.models import Case, Customer, Organisation

pytestmark = pytest.mark.django_db

ONE_STATEMENT_AT_A_TIME = connection.vendor != "postgresql"


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


_customer = FirstRow(
    Customer,
    lambda email: Customer.objects.filter(email__iexact=email),
    stand_ins=("first.rows@sentinel.invalid",),
)
_case_with_related = FirstRow(
    Case,
    lambda reference: Case.objects.select_related("service", "customer").filter(
        reference=reference
    ),
    stand_ins=("\x00reference",),
)
_reference_and_state = FirstRow(
    Case,
    lambda pk: Case.objects.filter(pk=pk).values_list("reference", "state", "received_at"),
    stand_ins=(-424242,),
)
_organisation = FirstRow(Organisation, lambda: Organisation.objects.order_by("pk"))


def test_each_row_is_the_one_its_read_gives_alone_in_one_round_trip(housing_case):
    case = housing_case
    reads = [
        (_customer, (case.customer.email.upper(),)),
        (_case_with_related, (case.reference,)),
        (_reference_and_state, (case.pk,)),
        (_customer, ("nobody@example.com",)),
        (_organisation, ()),
    ]
    alone = [read(*values) for read, values in reads]
    with CaptureQueriesContext(connection) as sent:
        together = first_rows(*reads)
    assert len(sent.captured_queries) == (len(reads) if ONE_STATEMENT_AT_A_TIME else 1)
    customer, found_case, reference_and_state, nobody, organisation = together
    assert _fields(customer) == _fields(alone[0])
    assert _fields(found_case) == _fields(alone[1])
    assert _fields(found_case.service) == _fields(alone[1].service)
    assert _fields(found_case.customer) == _fields(alone[1].customer)
    assert Case.customer.is_cached(found_case)  # built with its related rows, no query later
    assert reference_and_state == alone[2] == (case.reference, case.state, case.received_at)
    assert nobody is None
    assert alone[3] is None
    assert _fields(organisation) == _fields(alone[4])
    assert not customer._state.adding
    assert customer._state.db == "default"


def test_a_read_the_orm_runs_itself_sends_each_alone(housing_case):
    """A query FirstRow does not compile (an annotation) is run by the ORM, so none are joined."""
    from django.db.models import Value

    annotated = FirstRow(
        Case,
        lambda reference: Case.objects.filter(reference=reference).annotate(one=Value(1)),
        stand_ins=("\x00reference",),
    )
    with CaptureQueriesContext(connection) as sent:
        found, organisation = first_rows(
            (annotated, (housing_case.reference,)), (_organisation, ())
        )
    assert len(sent.captured_queries) == 2
    assert found.pk == housing_case.pk
    assert found.one == 1
    assert organisation == Organisation.objects.order_by("pk").first()

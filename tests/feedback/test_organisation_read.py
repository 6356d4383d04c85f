"""`organisation_current()`, read on every request, sends the ORM's own query compiled once
(feedback/selectors.py, issue 14): the same row, the same model instance, one query."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from feedback.models import Organisation
from feedback.selectors import organisation_current
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_no_council_yet_is_none():
    assert organisation_current() is None


def test_the_first_council_as_the_orm_reads_it_in_one_query():
    first = OrganisationFactory(name="Example District Council", reference_version=7)
    OrganisationFactory(name="A later one", slug="a-later-one")
    with CaptureQueriesContext(connection) as captured:
        read = organisation_current()
    expected = Organisation.objects.order_by("pk").first()
    assert len(captured.captured_queries) == 1
    assert type(read) is Organisation
    assert read.pk == first.pk
    assert model_to_dict(read) == model_to_dict(expected)
    assert [getattr(read, f.attname) for f in Organisation._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in Organisation._meta.concrete_fields
    ]
    assert (read._state.adding, read._state.db) == (False, expected._state.db)
    # A change counts at the next read (the reference data's rule): nothing is kept.
    Organisation.objects.filter(pk=first.pk).update(reference_version=8, name="Renamed")
    again = organisation_current()
    assert (again.reference_version, again.name) == (8, "Renamed")

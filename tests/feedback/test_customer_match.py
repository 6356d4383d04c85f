"""The customer match by email address (`selectors.customer_by_email`), compiled once: the
ORM's `email__iexact` answer, whatever the address holds."""

import pytest

from feedback import selectors
from feedback.models import Customer, Organisation

pytestmark = pytest.mark.django_db


def _orm(organisation, email):
    return (
        Customer.objects.filter(organisation=organisation, email__iexact=email)
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize("kept", [False, True])
def test_the_match_is_the_orms(organisation, kept):
    other = Organisation.objects.create(name="Other Council", slug="other")
    Customer.objects.create(organisation=other, first_name="Elsewhere", email="ann@example.com")
    first = Customer.objects.create(
        organisation=organisation, first_name="A", email="Ann@Example.com"
    )
    Customer.objects.create(organisation=organisation, first_name="B", email="ann@example.com")
    underscore = Customer.objects.create(organisation=organisation, email="a_b%c@example.com")
    Customer.objects.create(organisation=organisation, email="axb%c@example.com")
    if not kept:
        selectors._customer_first._compiled.clear()
    for email in (
        "ann@example.com",
        "ANN@EXAMPLE.COM",
        "a_b%c@example.com",
        "A_B%C@example.com",
        "nobody@example.com",
        "a%",
        "ann@example.co",
    ):
        found = selectors.customer_by_email(organisation, email)
        assert found == _orm(organisation, email), email
        if found is not None:
            assert found.__dict__.keys() >= {"email", "first_name", "organisation_id"}
            assert (found.email, found.first_name) == (
                _orm(organisation, email).email,
                _orm(organisation, email).first_name,
            )
    assert selectors.customer_by_email(organisation, "ann@example.com") == first
    assert selectors.customer_by_email(organisation, "a_b%c@example.com") == underscore
    assert selectors.customer_by_email(other, "ANN@example.com").first_name == "Elsewhere"

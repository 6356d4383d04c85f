"""Full-text search in the officer list (issue 14): PostgreSQL's stored `search_vector`, kept by
triggers in the same transaction as the change, searched in English (stemmed) and 'simple'
(Welsh, names); and the plain `icontains` fallback used on SQLite, tested as a function."""

import pytest
from django.db import connection
from django.urls import reverse

from feedback.models import Case
from feedback.search import cases_search, cases_search_fallback
from feedback.services import case_note_add
from tests.factories import CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _found(client, q: str) -> set[str]:
    response = client.get(reverse("officer:case_list"), {"q": q})
    assert response.status_code == 200
    return {case.reference for case in response.context["page"].object_list}


@pytest.fixture
def central(client, complaints_officer):
    # Every test through the list needs PostgreSQL's full-text search (the house rule for such
    # tests: marked `postgres`, required in CI); the fallback's test below runs everywhere.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: full-text search")
    client.force_login(complaints_officer)
    return client


@pytest.fixture
def make_case(make_case, organisation):
    """Every case here has a customer with a fixed name: Faker's surnames stem to the very words
    these tests search for ("Parkes" to "park", "Jones"), which made them fail by chance."""

    def make(**fields):
        if "customer" not in fields:
            fields["customer"] = CustomerFactory(
                organisation=organisation, first_name="Olwen", last_name="Xyloid"
            )
        return make_case(**fields)

    return make


@pytest.fixture
def other(make_case):
    return make_case(summary="Noise from a neighbour", description="Loud music at night")


@pytest.mark.postgres
def test_a_word_only_in_the_description_is_found(central, make_case, other):
    wanted = make_case(summary="Bins", description="The crew left the gate wide open again")
    assert _found(central, "gate") == {wanted.reference}


@pytest.mark.postgres
def test_a_word_only_in_an_internal_note_is_found(central, make_case, other, complaints_officer):
    wanted = make_case(summary="Bins", description="Missed collection")
    assert _found(central, "hedgehog") == set()
    case_note_add(
        case=wanted, text="Called back: a hedgehog nests by the bin", actor=complaints_officer
    )
    assert _found(central, "hedgehog") == {wanted.reference}


@pytest.mark.postgres
def test_english_stemming_complaints_finds_complaint(central, make_case, other):
    wanted = make_case(summary="Complaint about parking", description="Cars on the verge")
    assert _found(central, "complaints") == {wanted.reference}
    assert _found(central, "parked") == {wanted.reference}


@pytest.mark.postgres
def test_welsh_words_are_found_as_written(central, make_case, other):
    wanted = make_case(summary="Cwyn am y biniau", description="Ni chasglwyd y biniau ddoe")
    assert _found(central, "biniau") == {wanted.reference}
    assert _found(central, "chasglwyd") == {wanted.reference}


@pytest.mark.postgres
def test_websearch_syntax_phrases_and_exclusions(central, make_case, other):
    gate = make_case(summary="Bins", description="The crew left the gate open")
    make_case(summary="Bins", description="The open gate was left by the crew")
    assert _found(central, '"gate open"') == {gate.reference}
    assert gate.reference not in _found(central, "crew -open")


@pytest.mark.postgres
def test_a_customer_name_and_part_of_a_reference(central, make_case, organisation, other):
    named = make_case(
        customer=CustomerFactory(organisation=organisation, first_name="Zebedee", last_name="Q")
    )
    by_ref = make_case(reference="CMP-2026-04242")
    assert _found(central, "zebedee") == {named.reference}
    assert _found(central, "4242") == {by_ref.reference}


@pytest.mark.postgres
def test_a_whole_reference_goes_straight_to_that_case(central, make_case):
    wanted = make_case(reference="CMP-2026-00042")
    make_case(reference="CMP-2026-100042")
    assert _found(central, "cmp-2026-00042") == {wanted.reference}


@pytest.mark.postgres
def test_an_update_to_the_description_is_found_at_once(central, make_case, other):
    case = make_case(summary="Bins", description="Missed collection")
    assert _found(central, "wheelbarrow") == set()
    case.description = "The crew took my wheelbarrow"
    case.save()  # the same transaction as the search that follows (the test's)
    assert _found(central, "wheelbarrow") == {case.reference}
    Case.objects.filter(pk=case.pk).update(description="Nothing to see")
    assert _found(central, "wheelbarrow") == set()


@pytest.mark.postgres
def test_a_customers_new_name_is_found_on_their_cases(central, make_case, organisation, other):
    customer = CustomerFactory(organisation=organisation, first_name="Ann", last_name="Jones")
    case = make_case(customer=customer)
    customer.last_name = "Pritchard"
    customer.save()
    assert _found(central, "pritchard") == {case.reference}
    assert _found(central, "jones") == set()


def test_the_fallback_matches_every_word_anywhere(make_case, organisation, complaints_officer):
    customer = CustomerFactory(organisation=organisation, first_name="Zebedee", last_name="Q")
    in_description = make_case(summary="Bins", description="Left the GATE open", customer=customer)
    in_note = make_case(summary="Bins", description="Missed")
    case_note_add(case=in_note, text="Gate was open", actor=complaints_officer)
    make_case(summary="Noise", description="Music")
    cases = Case.objects.all()

    def refs(queryset):
        return set(queryset.values_list("reference", flat=True))

    assert refs(cases_search_fallback(cases, "gate")) == {
        in_description.reference,
        in_note.reference,
    }
    assert refs(cases_search_fallback(cases, "zebedee gate")) == {in_description.reference}
    assert refs(cases_search_fallback(cases, "gate nowhere")) == set()
    assert refs(cases_search(cases, in_note.reference.lower())) == {in_note.reference}


@pytest.mark.postgres
@pytest.mark.parametrize("q", ["the", "'", "(", "-", "a & b | !c", '"unclosed', "x:*", "\\"])
def test_odd_input_never_breaks_the_list(central, make_case, q):
    make_case(summary="The bins")
    response = central.get(reverse("officer:case_list"), {"q": q})
    assert response.status_code == 200

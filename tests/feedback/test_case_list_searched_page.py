"""A keyword's page of the officer list is cut to the page before the customer and the officer
are joined (feedback.selectors._paged_before_joins): the same rows, in the same order, as the
plain query, for every sort, page and page size. Its count comes with the page's ids
(feedback.selectors.MatchesPaginator): the same count and pages as Django's paginator."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.filters import CaseFilter
from feedback.models import Case
from feedback.selectors import (
    MatchesPaginator,
    case_list_page_for_user,
    case_list_reference,
    case_list_rows,
    organisation_current,
)
from tests.factories import CustomerFactory

from .officer_helpers import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def matches(make_case, organisation, complaints_officer):
    """Seven cases that match "bins", some sharing a received time (the tie-break decides),
    with and without a customer and an officer; and three that do not match."""
    cases = []
    for number in range(7):
        cases.append(
            make_case(
                summary=f"Bins not collected, visit {number}",
                received_at=NOW - timedelta(days=number // 2),
                respond_by=(NOW + timedelta(days=7 - number)).date(),
                customer=CustomerFactory(organisation=organisation) if number % 3 else None,
                assigned_to=complaints_officer if number % 2 else None,
            )
        )
    for number in range(3):
        # No customer: a drawn name such as "Robinson" would match "bins" on SQLite.
        make_case(summary=f"Potholes on Mill Lane {number}", customer=None)
    return cases


@pytest.mark.parametrize("sort", ["", "-received", "reference", "-reference", "respond_by"])
@pytest.mark.parametrize(("page_size", "page"), [(3, 1), (3, 2), (3, 3), (25, 1)])
def test_the_searched_page_has_the_plain_querys_rows_in_its_order(
    rf, matches, complaints_officer, sort, page_size, page
):
    request = rf.get("/", {"q": "bins", "sort": sort} if sort else {"q": "bins"})
    request.user = complaints_officer
    cases = case_list_page_for_user(complaints_officer).order_by("-received_at", "-pk")
    found = CaseFilter(request.GET, queryset=cases, request=request).qs
    start = (page - 1) * page_size
    paged = found[start : start + page_size]
    reference = case_list_reference(organisation_current())
    plain = case_list_rows(paged, reference=reference)
    searched = case_list_rows(paged, reference=reference, searched=True)
    assert searched == plain
    assert len(plain) == len(list(found)[start : start + page_size]) > 0


def test_the_searched_page_is_one_query_that_pages_before_it_joins(rf, matches, complaints_officer):
    paged = case_list_page_for_user(complaints_officer).order_by("-received_at", "-pk")[:3]
    reference = case_list_reference(organisation_current())
    case_list_rows(paged, reference=reference)  # the reference data's own reads, once
    with CaptureQueriesContext(connection) as captured:
        case_list_rows(paged, reference=reference, searched=True)
    (query,) = captured.captured_queries
    assert "LIMIT 3" in query["sql"]
    assert query["sql"].index("LIMIT 3") < query["sql"].rindex("ORDER BY")


def test_the_officer_list_shows_the_same_searched_page_as_before(
    login, matches, complaints_officer
):
    client = login(complaints_officer)
    response = client.get(
        reverse("officer:case_list"), {"q": "bins", "page_size": 10, "sort": "reference"}
    )
    shown = [row.reference for row in response.context["rows"]]
    assert shown == sorted(case.reference for case in matches)[:10]
    assert Case.objects.count() == 10


def _matches_found(rf, user, sort: str = ""):
    request = rf.get("/", {"q": "bins", "sort": sort} if sort else {"q": "bins"})
    request.user = user
    cases = case_list_page_for_user(user).order_by("-received_at", "-pk")
    return CaseFilter(request.GET, queryset=cases, request=request).qs


def _shown(page) -> tuple:
    return (
        page.paginator.count,
        page.paginator.num_pages,
        page.number,
        [case.pk for case in page.object_list],
    )


@pytest.mark.parametrize("sort", ["", "reference", "-respond_by"])
@pytest.mark.parametrize(
    ("page_size", "requested"),
    [
        (3, None),
        (3, "2"),
        (3, "3"),
        (3, "4"),  # past the end: the last page
        (3, "99"),
        (3, "0"),
        (3, "-1"),
        (3, "abc"),
        (3, "2.0"),
        (2, "4"),  # the last page is one case
        (2, "5"),
        (7, "2"),  # a page past the end when the matches fill the first
        (25, "1"),
        (25, "2"),
    ],
)
def test_the_matches_paginator_shows_djangos_pages(
    rf, matches, complaints_officer, sort, page_size, requested
):
    found = _matches_found(rf, complaints_officer, sort)
    expected = _shown(Paginator(found, page_size).get_page(requested))
    assert _shown(MatchesPaginator(found, page_size, requested=requested).get_page(requested)) == (
        expected
    )


def test_the_matches_paginator_counts_nothing_found_as_one_empty_page(rf, complaints_officer):
    found = _matches_found(rf, complaints_officer)
    for requested in (None, "1", "3"):
        page = MatchesPaginator(found, 10, requested=requested).get_page(requested)
        assert _shown(page) == (0, 1, 1, [])


@pytest.mark.parametrize(
    ("requested", "shown"),
    [(None, 1), ("2", 2), ("3", 3), ("99", 3), ("0", 3), ("-1", 3), ("abc", 1)],
)
def test_the_count_and_the_page_are_one_search(rf, matches, complaints_officer, requested, shown):
    """Whatever the number asked for, past the end or below 1 included (the last page)."""
    found = _matches_found(rf, complaints_officer, "reference")
    with CaptureQueriesContext(connection) as captured:
        page = MatchesPaginator(found, 3, requested=requested).get_page(requested)
    (query,) = captured.captured_queries
    assert "OVER ()" in query["sql"]
    assert page.number == shown
    # The page's cases are then read by their ids, in the list's order.
    assert page.object_list.query.is_sliced is False
    start = (shown - 1) * 3
    assert [case.pk for case in page.object_list] == [case.pk for case in found[start : start + 3]]

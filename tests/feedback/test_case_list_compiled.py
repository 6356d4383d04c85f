"""The officer list's count and rows, compiled once per shape of the filters
(`selectors.CaseListCases`, `CaseFilter.shape`): every request shows its own filters' cases,
whatever request of the same or another shape came before."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from feedback import selectors
from feedback.filters import CaseFilter
from feedback.models import Case
from feedback.reference import reference_forget
from feedback.states import CaseState

from .officer_helpers import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _rows_shown(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


def _expected(response) -> tuple[int, list[str]]:
    """The count and the page the ORM gives for the request's own filters."""
    request = response.wsgi_request
    case_filter = CaseFilter(
        request.GET or None,
        queryset=Case.objects.order_by("-received_at", "-pk"),
        request=request,
    )
    matches = case_filter.qs if case_filter.is_bound else case_filter.queryset
    if not selectors.user_sees_all_services(request.user):
        matches = matches.filter(pk__in=selectors.cases_visible_to(request.user))
    page = response.context["page"]
    size = page.paginator.per_page
    start = (page.number - 1) * size
    return matches.count(), list(matches.values_list("reference", flat=True)[start : start + size])


REQUESTS = [
    {"state": "open"},
    {"state": "any_closed"},
    {"state": "open", "page_size": 10},
    {"state": "open", "page_size": 10, "page": 2},
    {"state": "open", "page_size": 10, "page": 99},
    {"sort": "reference", "page_size": 10, "page": 2},
    {"sort": "-respond_by", "page_size": 10},
    {"overdue": "on"},
    {"state": "closed"},
    {"kind": "compliment"},
    {"assigned": "me"},
    {"assigned": "none", "state": "open"},
    {"queue": "unassigned"},
    {"respond_from": "2026-03-05", "respond_to": "2026-03-12"},
    {"respond_from": "2026-03-08"},
    {"received_from": "2026-02-20", "received_to": "2026-03-01"},
    {"received_from": "not a date", "state": "open"},
    {},
    # A keyword's matches (MatchesPaginator): the count with the page's ids, then those rows.
    {"q": "bins"},
    {"q": "pothole", "page_size": 10, "page": 2},
    {"q": "pothole", "sort": "reference", "page_size": 10, "page": 99},
    {"q": "  bins   pothole "},
    {"q": "nothing like it"},
    {"q": "50%_"},
]


@pytest.fixture
def spread(make_case, housing, planning, complaints_officer):
    """Cases over two services, states, days, deadlines and officers."""
    states = [CaseState.RECEIVED, CaseState.STAGE1, CaseState.CLOSED, CaseState.WITHDRAWN]
    for n in range(24):
        make_case(
            service=planning if n % 3 == 0 else housing,
            state=states[n % 4],
            kind="compliment" if n % 5 == 0 else "complaint",
            received_at=NOW - timedelta(days=n, hours=n % 2),
            respond_by=date(2026, 3, 1) + timedelta(days=n % 14) if n % 4 != 3 else None,
            assigned_to=complaints_officer if n % 2 else None,
            summary=["Bins not collected", "Pothole on Mill Lane", "Bins and a pothole"][n % 3],
        )
    reference_forget()  # the test's data as if committed


def _get(client, params):
    response = client.get(reverse("officer:case_list"), params)
    assert response.status_code == 200
    return response


def test_each_request_shows_its_own_filters_cases_whatever_came_before(
    login, complaints_officer, spread, housing, planning
):
    client = login(complaints_officer)
    # Every shape twice, each service in turn: the same shape with another service (the same
    # SQL, other parameters) and another shape right after each other.
    for params in REQUESTS * 2:
        for service in (housing, planning, None):
            with_service = {**params, "service": service.pk} if service else params
            response = _get(client, with_service)
            count, page = _expected(response)
            assert response.context["page"].paginator.count == count, with_service
            assert _rows_shown(response) == page, with_service


def test_the_bench_scenario_is_read_compiled(login, complaints_officer, spread, housing):
    client = login(complaints_officer)
    selectors._case_list_reads._statements.clear()
    for _ in range(2):
        _get(client, {"service": housing.pk, "state": "open"})
    kinds = [kind for (_, kind, _), statement in selectors._case_list_reads._statements.items()]
    assert sorted(kinds) == ["count", "values"]
    assert all(selectors._case_list_reads._statements.values()), "compiled, not the ORM's"


def test_a_keywords_page_is_read_compiled(login, complaints_officer, spread):
    client = login(complaints_officer)
    selectors._case_list_reads._statements.clear()
    for words in ("bins", "pothole", "bins"):
        response = _get(client, {"q": words, "page_size": 10})
        count, page = _expected(response)
        assert response.context["page"].paginator.count == count
        assert _rows_shown(response) == page
    kinds = sorted(key[1][0] for (_, _, key) in selectors._case_list_reads._statements)
    assert kinds == ["ids", "matches"]
    assert all(selectors._case_list_reads._statements.values()), "compiled, not the ORM's"


def test_an_officer_of_one_service_never_gets_anothers_compiled_list(
    login, complaints_officer, housing_officer, spread, housing, planning
):
    # The same filters for two officers, one after the other: the key holds who asks.
    for officer, sees_planning in ((complaints_officer, True), (housing_officer, False)) * 2:
        client = login(officer)
        response = _get(client, {"state": "open"})
        count, page = _expected(response)
        assert response.context["page"].paginator.count == count
        assert _rows_shown(response) == page
        services = {row.service for row in response.context["rows"]}
        assert (planning.name in services) is sees_planning


def test_the_day_is_part_of_the_shape(login, complaints_officer, spread, pinned_clock):
    # "Overdue" is as of today: the next day's request must not send yesterday's date.
    counts = []
    for _ in range(2):
        response = _get(login(complaints_officer), {"overdue": "on"})
        count, page = _expected(response)
        assert response.context["page"].paginator.count == count
        assert _rows_shown(response) == page
        counts.append(count)
        pinned_clock.shift(timedelta(days=3))
    assert counts[1] > counts[0]


def test_the_pages_cases_are_still_models_for_other_readers(login, complaints_officer, spread):
    response = _get(login(complaints_officer), {"state": "open", "page_size": 10})
    cases = list(response.context["page"].object_list)
    assert len(response.context["page"].object_list) == len(cases) == 10
    assert [case.reference for case in cases] == _rows_shown(response)


def test_a_filter_field_prints_its_own_value_after_the_empty_one_was_kept(
    login, complaints_officer, spread
):
    # The empty text and date fields are printed once and copied after (the memo of the list's
    # reference data); a field given a value prints that value.
    client = login(complaints_officer)
    for _ in range(2):
        empty = _get(client, {"state": "open"}).content.decode()
        assert 'name="q"' in empty
        assert "pothole-words" not in empty
    given = _get(client, {"q": "pothole-words", "respond_from": "2026-03-05"}).content.decode()
    assert 'value="pothole-words"' in given
    assert 'value="2026-03-05"' in given
    again = _get(client, {"state": "open"}).content.decode()
    assert "pothole-words" not in again
    assert _blanked(again) == _blanked(empty)


def _blanked(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_small_forms_are_built_only_when_their_printing_is_not_kept(
    login, complaints_officer, spread, monkeypatch
):
    from feedback.views_officer import bulk, saved_views

    built = []
    for module, name in ((bulk, "BulkAssignForm"), (saved_views, "SavedViewForm")):
        original = getattr(module, name)
        monkeypatch.setattr(
            original, "__init__", _counted(original.__init__, built, name), raising=True
        )
    client = login(complaints_officer)
    first = _get(client, {"state": "open"})
    assert sorted(built) == ["BulkAssignForm", "SavedViewForm"]
    built.clear()
    second = _get(client, {"state": "open"})
    assert built == []
    assert 'id="bulk-form"' in second.content.decode()
    assert 'id="save-view-form"' in second.content.decode()
    assert len(first.content) == len(second.content)
    # A reader of the context still gets the form.
    assert "officer" in second.context["bulk_form"].fields


def _counted(init, built: list, name: str):
    def counted(self, *args, **kwargs):
        built.append(name)
        return init(self, *args, **kwargs)

    return counted

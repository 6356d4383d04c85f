"""Saved case list views ("my queue"): save, apply, rename, share, delete; another officer's
view is out of reach; each view's count is what its filters show this user, and the list's
query count does not grow with the number of views."""

from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from feedback.models import SavedCaseView
from feedback.states import CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _save(client, name, query, **extra):
    return client.post(reverse("officer:saved_view_add"), {"name": name, "query": query, **extra})


def _listed(client, **params):
    response = client.get(reverse("officer:case_list"), params)
    assert response.status_code == 200
    return {row.view.name: row for row in response.context["saved_views"]}, response


def test_a_view_saves_the_filters_and_applies_them(login, complaints_officer, make_case):
    make_case(state=CaseState.STAGE1)
    unassigned = make_case(state=CaseState.RECEIVED)
    client = login(complaints_officer)
    response = _save(
        client, "New and unassigned", "state=received&assigned=none&page=3&q=&sort=-received"
    )
    assert response.status_code == 302
    view = SavedCaseView.objects.get(owner=complaints_officer)
    # The page number and empty values are not part of a view; the order is fixed.
    assert parse_qs(view.query) == {
        "assigned": ["none"],
        "sort": ["-received"],
        "state": ["received"],
    }
    assert response["Location"] == f"/officer/cases/?{view.query}"

    rows, page = _listed(client)
    assert rows["New and unassigned"].count == 1
    link = BeautifulSoup(page.content, "html.parser").select_one(
        f"#saved-views [data-view='{view.pk}'] a"
    )
    applied = client.get(link["href"])
    assert [c.reference for c in applied.context["page"].object_list] == [unassigned.reference]
    assert applied.content.decode().count('aria-current="page"') >= 1


def test_a_view_is_renamed_shared_and_deleted_by_its_owner(
    login, housing_manager, housing, make_case
):
    client = login(housing_manager)
    _save(client, "Mine", "state=open")
    view = SavedCaseView.objects.get()
    edit = reverse("officer:saved_view_edit", args=[view.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"name": "Housing open", "shared_with": housing.pk})
    assert response.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.shared_with) == ("Housing open", housing)
    assert client.post(reverse("officer:saved_view_remove", args=[view.pk])).status_code == 302
    assert not SavedCaseView.objects.exists()


def test_two_views_of_one_officer_cannot_share_a_name(login, complaints_officer):
    client = login(complaints_officer)
    _save(client, "Overdue", "overdue=on")
    _save(client, "overdue", "state=open")
    assert SavedCaseView.objects.count() == 1


def test_another_officer_cannot_see_change_or_delete_your_view(
    login, complaints_officer, planning_officer
):
    view = SavedCaseView.objects.create(owner=complaints_officer, name="Mine", query="state=open")
    client = login(planning_officer)
    rows, _ = _listed(client)
    assert rows == {}
    assert client.get(reverse("officer:saved_view_edit", args=[view.pk])).status_code == 404
    assert client.post(reverse("officer:saved_view_remove", args=[view.pk])).status_code == 404
    assert SavedCaseView.objects.filter(pk=view.pk).exists()


def test_a_shared_view_counts_only_what_each_colleague_may_see(
    login, housing_manager, housing_officer, planning_officer, housing, planning, make_case
):
    make_case(state=CaseState.STAGE1)
    make_case(state=CaseState.STAGE1, service=planning)
    view = SavedCaseView.objects.create(
        owner=housing_manager, name="All open", query="state=open", shared_with=housing
    )
    # A colleague in Housing sees it, applies it, and cannot change or delete it.
    colleague = login(housing_officer)
    rows, _ = _listed(colleague)
    assert rows["All open"].count == 1
    assert not rows["All open"].own
    assert colleague.post(reverse("officer:saved_view_remove", args=[view.pk])).status_code == 404
    # An officer of another service does not see it at all.
    rows, _ = _listed(login(planning_officer))
    assert "All open" not in rows


def test_a_complaints_officer_counts_every_service(login, complaints_officer, planning, make_case):
    make_case(state=CaseState.STAGE1)
    make_case(state=CaseState.STAGE1, service=planning)
    make_case(state=CaseState.CLOSED)
    client = login(complaints_officer)
    _save(client, "Open", "state=open")
    _save(client, "Planning", f"service={planning.pk}")
    _save(client, "Closed", "state=any_closed")
    rows, _ = _listed(client)
    assert {name: row.count for name, row in rows.items()} == {
        "Open": 2,
        "Planning": 1,
        "Closed": 1,
    }


def test_the_list_costs_the_same_queries_whatever_the_number_of_views(
    login, complaints_officer, housing, planning, make_case
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_case(state=CaseState.STAGE1)
    client = login(complaints_officer)
    queries = [
        "state=open",
        f"service={housing.pk}&overdue=on",
        "queue=unassigned",
        f"service={planning.pk}&q=boiler",
        "assigned=me&sort=-respond_by",
        "kind=complaint&received_from=2026-01-01",
    ]
    costs = []
    for number, query in enumerate(queries, start=1):
        SavedCaseView.objects.create(owner=complaints_officer, name=f"View {number}", query=query)
        if number == 1:
            _listed(client)  # the first count fills per-process caches (closure days)
        with CaptureQueriesContext(connection) as captured:
            _listed(client)
        costs.append(len(captured.captured_queries))
    # One aggregate query counts every view; the filter choices are read once.
    assert len(set(costs)) == 1, costs


@pytest.mark.django_db(transaction=True)
def test_the_list_shows_a_view_saved_renamed_shared_or_deleted_at_the_next_request(
    housing_manager, housing_officer, housing
):
    """Saved views are kept per process with the reference data (issue 14): every change
    counts from the next request, the owner's and a colleague's."""
    from django.test import Client

    owner, colleague = Client(), Client()
    owner.force_login(housing_manager)
    colleague.force_login(housing_officer)
    assert _listed(owner)[0] == {}
    _save(owner, "Mine", "state=open")
    assert list(_listed(owner)[0]) == ["Mine"]
    assert _listed(colleague)[0] == {}
    view = SavedCaseView.objects.get()
    owner.post(
        reverse("officer:saved_view_edit", args=[view.pk]),
        {"name": "Housing open", "shared_with": housing.pk},
    )
    assert list(_listed(owner)[0]) == ["Housing open"]
    assert list(_listed(colleague)[0]) == ["Housing open"]
    owner.post(reverse("officer:saved_view_remove", args=[view.pk]))
    assert _listed(owner)[0] == {}
    assert _listed(colleague)[0] == {}

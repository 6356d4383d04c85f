"""The case list's bulk assignment and CSV export."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from feedback.models import CaseEvent
from feedback.states import CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _assign(client, references, officer):
    return client.post(
        reverse("officer:case_bulk_assign"),
        {"case": references, "officer": officer.pk, "next": "/officer/cases/?state=open"},
    )


def test_several_cases_are_assigned_with_one_timeline_entry_each(
    login, complaints_officer, housing_officer, make_case
):
    cases = [make_case(state=CaseState.STAGE1) for _ in range(3)]
    response = _assign(login(complaints_officer), [c.reference for c in cases], housing_officer)
    assert response.status_code == 302
    assert response["Location"] == "/officer/cases/?state=open"
    for case in cases:
        case.refresh_from_db()
        assert case.assigned_to == housing_officer
        entries = case.events.filter(kind=CaseEvent.Kind.ASSIGNED)
        assert entries.count() == 1
        assert entries.get().actor == complaints_officer


def test_nothing_is_assigned_when_the_officer_cannot_see_one_of_the_cases(
    login, complaints_officer, planning_officer, make_case, planning
):
    in_planning = make_case(service=planning)
    in_housing = make_case()
    client = login(complaints_officer)
    _assign(client, [in_planning.reference, in_housing.reference], planning_officer)
    in_planning.refresh_from_db()
    assert in_planning.assigned_to is None  # all or none
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.ASSIGNED).exists()
    page = client.get("/officer/cases/?state=open").content.decode()
    assert in_housing.reference in page
    assert "cannot see the cases of" in page


def test_a_case_outside_the_users_services_cannot_be_assigned_in_bulk(
    login, housing_manager, housing_officer, make_case, planning
):
    hidden = make_case(service=planning)
    _assign(login(housing_manager), [hidden.reference], housing_officer)
    hidden.refresh_from_db()
    assert hidden.assigned_to is None


def test_an_investigating_officer_cannot_assign_in_bulk(login, housing_officer, make_case):
    case = make_case()
    assert _assign(login(housing_officer), [case.reference], housing_officer).status_code == 403


def test_a_committee_member_is_not_offered_as_an_owner(login, complaints_officer, committee_member):
    form = login(complaints_officer).get(reverse("officer:case_list")).context["bulk_form"]
    offered = set(form.fields["officer"].queryset)
    assert complaints_officer in offered
    assert committee_member not in offered


def test_the_rendered_bulk_menu_offers_only_officers_who_can_act(
    login, complaints_officer, committee_member
):
    # The list hands the officers it read for its filter to the bulk form (one query for
    # both): the menu people see must still leave out those who cannot own a case.
    response = login(complaints_officer).get(reverse("officer:case_list"))
    form = response.context["bulk_form"]
    offered = {value for value, _label in form.fields["officer"].choices if value}
    assert complaints_officer.pk in offered
    assert committee_member.pk not in offered
    assert f'value="{complaints_officer.pk}"' in str(form["officer"])


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_export_is_the_filtered_list_the_user_may_see(
    login, housing_officer, make_case, planning
):
    overdue = make_case(state=CaseState.STAGE1, respond_by=date(2026, 3, 2), summary="Damp")
    make_case(state=CaseState.CLOSED, summary="Closed one")
    make_case(service=planning, state=CaseState.STAGE1, summary="Not theirs")
    response = login(housing_officer).get(reverse("officer:case_list_export") + "?state=open")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    header, *rows = _rows(response)
    assert header[0] == "Reference"
    assert "Respond by" in header
    assert [row[0] for row in rows] == [overdue.reference]
    assert rows[0][header.index("Overdue")] == "yes"


def test_export_cells_that_a_spreadsheet_would_run_are_neutralised(
    login, complaints_officer, make_case
):
    for formula in ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)"):
        make_case(summary=formula)
    _, *rows = _rows(login(complaints_officer).get(reverse("officer:case_list_export")))
    summaries = {row[3] for row in rows}
    assert summaries == {'\'=HYPERLINK("http://x")', "'+1", "'-1", "'@SUM(A1)"}


def test_a_committee_member_cannot_export(login, committee_member):
    assert login(committee_member).get(reverse("officer:case_list_export")).status_code == 403

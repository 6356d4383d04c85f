"""Related and duplicate cases: linked once, shown on each case, a timeline entry on each."""

import pytest
from django.urls import reverse

from feedback.models import CaseLink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _link(client, case, reference, kind="duplicate", note="Same leak, reported twice"):
    return client.post(
        reverse("officer:case_link", args=[case.reference]),
        {"link-reference": reference, "link-kind": kind, "link-note": note},
    )


def test_two_cases_are_linked_and_each_shows_the_other(login, housing_officer, make_case):
    first, second = make_case(summary="Roof leak"), make_case(summary="Roof leak again")
    client = login(housing_officer)
    assert _link(client, second, first.reference.lower()).status_code == 302
    assert _link(client, first, second.reference).status_code == 302  # again: still one link
    assert CaseLink.objects.count() == 1
    for this, that in ((first, second), (second, first)):
        page = client.get(reverse("officer:case_detail", args=[this.reference]))
        kind, linked = page.context["linked_cases"][0]
        assert (kind, linked) == ("Duplicate", that)
        entry = this.events.get(summary__startswith="Linked to")
        assert entry.summary == f"Linked to {that.reference} (duplicate)"
        assert entry.detail == "Same leak, reported twice"


def test_a_case_the_officer_cannot_see_cannot_be_linked_or_shown(
    login, housing_officer, complaints_officer, make_case, planning
):
    mine, theirs = make_case(), make_case(service=planning)
    response = _link(login(housing_officer), mine, theirs.reference)
    assert response.status_code == 400
    assert f"No case {theirs.reference} that you can see" in response.content.decode()
    assert not CaseLink.objects.exists()
    _link(login(complaints_officer), mine, theirs.reference, kind="petition")
    page = login(housing_officer).get(reverse("officer:case_detail", args=[mine.reference]))
    assert page.context["linked_cases"] == []  # linked, but not theirs to see


def test_a_case_cannot_be_linked_to_itself(login, housing_officer, make_case):
    case = make_case()
    assert _link(login(housing_officer), case, case.reference).status_code == 400
    assert not CaseLink.objects.exists()

"""Reclassifying a case's kind before triage: a complaints officer, with a reason on the
timeline; refused after triage, and by anyone without the triage permission."""

import pytest
from django.urls import reverse

from escalation.services import case_transition
from feedback import services
from feedback.models import CaseEvent, Category
from feedback.states import CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _post(client, case, kind, reason="It thanks the crew: a compliment, not a complaint"):
    return client.post(
        reverse("officer:case_reclassify", args=[case.reference]),
        {"reclassify-kind": kind, "reclassify-reason": reason},
    )


def test_an_email_that_is_really_a_compliment_is_reclassified_with_the_reason(
    login, complaints_officer, make_case, organisation
):
    complaint_only = Category.objects.filter(
        organisation=organisation, for_complaints=True, for_compliments=False
    ).first()
    case = make_case(kind="complaint", state=CaseState.RECEIVED, category=complaint_only)
    response = _post(login(complaints_officer), case, "compliment")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.kind == "compliment"
    assert case.state == CaseState.RECEIVED  # not a transition: the state is kept
    assert case.category is None  # a complaint's category does not fit a compliment
    assert case.ground is None
    entry = case.events.get(kind=CaseEvent.Kind.CATEGORISED)
    assert entry.summary == "Reclassified from complaint to compliment"
    assert entry.detail == "It thanks the crew: a compliment, not a complaint"
    assert entry.actor == complaints_officer


def test_refused_after_triage_and_nothing_changes(login, complaints_officer, make_case):
    case = make_case(kind="complaint", state=CaseState.RECEIVED)
    case_transition(case=case, name="triage_complaint", user=complaints_officer)
    with pytest.raises(services.ReclassifyRefused, match="awaiting triage"):
        services.case_reclassify(
            case=case, kind="comment", reason="Wrong", actor=complaints_officer
        )
    client = login(complaints_officer)
    page = client.get(reverse("officer:case_detail", args=[case.reference])).content.decode()
    assert 'id="reclassify-form"' not in page  # not offered after triage
    response = _post(client, case, "comment")
    assert response.status_code == 400
    assert "Only a case awaiting triage can be reclassified" in response.content.decode()
    case.refresh_from_db()
    assert case.kind == "complaint"
    assert not case.events.filter(summary__startswith="Reclassified").exists()


def test_a_reason_is_required(login, complaints_officer, make_case):
    case = make_case(kind="complaint", state=CaseState.RECEIVED)
    response = _post(login(complaints_officer), case, "comment", reason="")
    assert response.status_code == 200
    assert "Enter why the kind was wrong" in response.content.decode()
    case.refresh_from_db()
    assert case.kind == "complaint"


def test_an_investigating_officer_cannot_reclassify(login, housing_officer, make_case):
    case = make_case(kind="complaint", state=CaseState.RECEIVED)
    assert _post(login(housing_officer), case, "comment").status_code == 403
    page = login(housing_officer).get(reverse("officer:case_detail", args=[case.reference]))
    assert 'id="reclassify-form"' not in page.content.decode()


def test_a_comment_with_no_way_to_reply_cannot_become_a_complaint(
    login, complaints_officer, make_case
):
    case = make_case(kind="comment", state=CaseState.RECEIVED, customer=None)
    response = _post(login(complaints_officer), case, "complaint", reason="It is a complaint")
    assert response.status_code == 400
    assert "A complaint needs a way to reply" in response.content.decode()
    case.refresh_from_db()
    assert case.kind == "comment"

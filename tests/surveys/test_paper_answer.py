"""An officer types in a paper survey the customer posted back: reached from the case page's
survey panel, the same questions, errors keep the answers, one answer per case and stage, and a
timeline entry that says who and when but not what was answered."""

import re

import pytest
from django.urls import reverse

from feedback.models import CaseEvent
from surveys.models import SurveyInvitation

pytestmark = pytest.mark.django_db

ANSWERS = {
    "outcome": "2",
    "handling": "5",
    "ease_of_contact": "1",
    "time_taken": "4",
    "comment": "Posted back in the envelope you sent.",
}


def test_an_officer_types_in_a_paper_answer_from_the_case_page(
    client, closed_complaint, complaints_officer
):
    case = closed_complaint(email=False)  # the response went by post with the paper survey
    client.force_login(complaints_officer)
    case_page = client.get(reverse("officer:case_detail", args=[case.reference])).text
    url = reverse("surveys_officer:paper_answer", args=[case.reference])
    assert f'href="{url}"' in case_page
    assert "Record a paper answer" in case_page

    form = client.get(url)
    assert form.status_code == 200
    assert "How satisfied are you with the outcome?" in form.text
    assert "How easy was it to contact us?" in form.text

    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    invitation = SurveyInvitation.objects.get(case=case, stage=1)
    assert invitation.on_paper is True
    assert (invitation.outcome, invitation.handling, invitation.ease_of_contact) == (2, 5, 1)
    assert invitation.time_taken == 4
    assert invitation.comment == ANSWERS["comment"]

    event = CaseEvent.objects.get(case=case, summary__startswith="Paper satisfaction survey")
    assert event.actor == complaints_officer
    assert event.at == invitation.answered_at
    # Who and when, never what: no score words and no comment on the timeline.
    words = f"{event.summary} {event.detail}"
    assert "satisfied" not in words.replace("satisfaction", "")
    assert ANSWERS["comment"] not in words
    timeline = client.get(reverse("officer:case_detail", args=[case.reference])).text
    assert "Paper satisfaction survey typed in (stage 1)" in timeline
    assert ANSWERS["comment"] not in timeline
    assert "answered on paper" in timeline


def test_errors_keep_the_answers_typed(client, closed_complaint, complaints_officer):
    case = closed_complaint(email=False)
    client.force_login(complaints_officer)
    url = reverse("surveys_officer:paper_answer", args=[case.reference])
    response = client.post(url, {"outcome": "3", "comment": "Kept on error"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Select an answer about how we handled it, or prefer not to say" in response.text
    assert re.search(r'value="3" checked', response.text)
    assert "Kept on error" in response.text
    assert "<title>Error:" in response.text
    assert SurveyInvitation.objects.get(case=case).answered_at is None


def test_a_second_answer_for_the_same_stage_is_refused(
    client, closed_complaint, complaints_officer
):
    case = closed_complaint(email=False)
    client.force_login(complaints_officer)
    url = reverse("surveys_officer:paper_answer", args=[case.reference])
    assert client.post(url, ANSWERS).status_code == 302
    again = client.post(url, {**ANSWERS, "outcome": "5", "comment": "A second go"})
    assert again.status_code == 409
    assert "already answered" in again.text
    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.outcome == 2
    assert invitation.comment == ANSWERS["comment"]
    assert (
        CaseEvent.objects.filter(case=case, summary__startswith="Paper satisfaction").count() == 1
    )
    assert "already answered" in client.get(url).text


def test_who_may_record_a_paper_answer(client, closed_complaint, housing_officer, committee_member):
    """Whoever may log contacts: the central complaints team, not an investigating officer."""
    case = closed_complaint(email=False)
    url = reverse("surveys_officer:paper_answer", args=[case.reference])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(housing_officer)  # sees the case, logs no contacts
    assert url not in client.get(reverse("officer:case_detail", args=[case.reference])).text
    assert client.post(url, ANSWERS).status_code == 403
    client.force_login(committee_member)  # reads statistics, logs no contacts
    assert client.post(url, ANSWERS).status_code == 403
    assert SurveyInvitation.objects.get(case=case).answered_at is None

"""Satisfaction surveys: who is asked and when, the signed link, one answer per case and stage,
the GOV.UK form, the paper form, and erasure by the anonymiser."""

import re
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail, signing
from django.urls import reverse
from pypdf import PdfReader

from escalation import hooks as escalation_hooks
from feedback import clock
from feedback.models import Notification
from feedback.notifications import notification_ids_due, notification_send
from feedback.retention import case_anonymise
from surveys.models import Score, SurveyInvitation, SurveySettings
from surveys.services import survey_invitation, surveys_on_transition
from surveys.tokens import survey_token

pytestmark = pytest.mark.django_db

ANSWERS = {
    "outcome": "2",
    "handling": "1",
    "ease_of_contact": "4",
    "time_taken": "0",
    "comment": "The officer was kind, but it took long.",
}


def _survey_emails(case):
    return list(Notification.objects.filter(case=case, key__startswith="survey:"))


def _link(notification) -> str:
    return re.search(r"http\S+/survey/\S+/", notification.body).group(0)


def _path(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


# --------------------------------------------------------------------------- sending


def test_closing_a_complaint_emails_one_survey_about_its_last_stage(closed_complaint):
    case = closed_complaint()
    (email,) = _survey_emails(case)
    assert email.to == "ada@example.com"
    assert case.reference in email.subject
    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.stage == 1  # closed after its Stage 1 answer
    assert "/survey/" in email.body


def test_running_the_survey_job_twice_queues_and_sends_one_email(closed_complaint):
    case = closed_complaint()
    surveys_on_transition(case=case, now=clock.now())
    surveys_on_transition(case=case, now=clock.now())
    assert len(_survey_emails(case)) == 1
    assert SurveyInvitation.objects.filter(case=case).count() == 1
    # The outbox sweep, twice (as beat would, and as a retry would): one email leaves.
    mail.outbox.clear()
    later = clock.now() + timedelta(hours=1)
    for _ in range(2):
        for notification_id in notification_ids_due(now=later):
            notification_send(notification_id=notification_id, now=later)
    surveys = [m for m in mail.outbox if m.subject.startswith("How did we do?")]
    assert len(surveys) == 1
    assert surveys[0].to == ["ada@example.com"]


def test_no_email_address_means_the_paper_survey_with_the_response(closed_complaint):
    case = closed_complaint(email=False)
    assert _survey_emails(case) == []
    # The Stage 1 response went by post with the paper survey: the customer was asked then.
    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.stage == 1
    assert invitation.sent_at < case.closed_at


def test_after_each_response_is_a_council_setting(closed_complaint, organisation):
    case = closed_complaint()
    # Off by default: only the closing email.
    assert [n.key.split(":")[1] for n in _survey_emails(case)] == ["closed"]
    SurveySettings.objects.create(organisation=organisation, after_each_response=True)
    second = closed_complaint()
    keys = sorted(n.key.split(":")[1] for n in _survey_emails(second))
    assert keys == ["closed", "response"]
    # Both emails are about Stage 1: one invitation, one answer.
    assert SurveyInvitation.objects.filter(case=second).count() == 1


def test_every_letter_email_carries_the_survey_link(closed_complaint):
    case = closed_complaint()
    (extra,) = escalation_hooks.customer_email_extras(case=case, stage=1, now=clock.now())
    invitation = SurveyInvitation.objects.get(case=case, stage=1)
    assert reverse("surveys:answer", args=["x"]).rsplit("x", 1)[0] in extra
    assert signing.loads(extra.rsplit("/", 2)[-2], salt="surveys.invitation") == invitation.pk


# --------------------------------------------------------------------------- the link


def test_a_tampered_link_is_refused(client, closed_complaint):
    case = closed_complaint()
    token = survey_token(SurveyInvitation.objects.get(case=case).pk)
    other = survey_invitation(case=case, stage=2, now=clock.now())
    # The id swapped for another invitation's, signature kept: refused.
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(str(other.pk).encode()).decode() + ":" + rest
    for bad in (forged, token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense"):
        response = client.get(reverse("surveys:answer", args=[bad]))
        assert response.status_code == 404
        assert "expired or is not right" in response.text


def test_an_expired_link_is_refused(client, closed_complaint, organisation, monkeypatch):
    case = closed_complaint()
    invitation = SurveyInvitation.objects.get(case=case)
    SurveySettings.objects.create(organisation=organisation, link_valid_days=30)
    made = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: made - 31 * 86400)
    old = survey_token(invitation.pk)
    monkeypatch.setattr(signing.time, "time", lambda: made - 29 * 86400)
    recent = survey_token(invitation.pk)
    monkeypatch.undo()
    assert client.get(reverse("surveys:answer", args=[old])).status_code == 404
    assert client.get(reverse("surveys:answer", args=[recent])).status_code == 200


# --------------------------------------------------------------------------- answering


def test_the_survey_is_answered_once(client, closed_complaint):
    case = closed_complaint()
    url = _path(_link(_survey_emails(case)[0]))
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    assert case.reference in page.text
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    invitation = SurveyInvitation.objects.get(case=case)
    assert (invitation.outcome, invitation.handling) == (Score.GOOD, Score.BEST)
    assert (invitation.ease_of_contact, invitation.time_taken) == (Score.POOR, Score.PREFER_NOT)
    assert invitation.comment == ANSWERS["comment"]
    # A second submission thanks them, says it was already answered and changes nothing.
    again = client.post(url, {**ANSWERS, "outcome": "5", "comment": "Changed my mind"})
    assert again.status_code == 200
    assert "already answered" in again.text
    invitation.refresh_from_db()
    assert invitation.outcome == Score.GOOD
    assert invitation.comment == ANSWERS["comment"]


def test_form_errors_keep_the_answers_given(client, closed_complaint):
    case = closed_complaint()
    url = _path(_link(_survey_emails(case)[0]))
    response = client.post(url, {"outcome": "3", "comment": "Kept on error"})
    assert response.status_code == 200
    text = response.text
    assert "govuk-error-summary" in text
    assert "Select an answer about how we handled it, or prefer not to say" in text
    assert 'href="#id_handling_0"' in text or 'href="#id_handling"' in text
    assert re.search(r'value="3" checked', text)
    assert "Kept on error" in text
    assert text.startswith("<!DOCTYPE html>") or "<title>Error:" in text
    assert SurveyInvitation.objects.get(case=case).answered_at is None


# --------------------------------------------------------------------------- paper and erasure


def test_the_paper_survey_has_the_reference_and_the_return_address(
    client, closed_complaint, complaints_manager, organisation
):
    case = closed_complaint()
    client.force_login(complaints_manager)
    response = client.get(reverse("surveys_officer:paper", args=[case.reference]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert case.reference in text
    assert organisation.address.splitlines()[0] in text
    assert "Prefer not to say" in text


def test_the_anonymiser_erases_the_comment_and_keeps_the_scores(client, closed_complaint):
    case = closed_complaint()
    url = _path(_link(_survey_emails(case)[0]))
    client.post(url, ANSWERS)
    case_anonymise(case=case, reason="Retention schedule")
    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.comment == ""
    assert invitation.comment_erased_at is not None
    assert (invitation.outcome, invitation.handling) == (Score.GOOD, Score.BEST)


def test_the_customers_answers_are_in_their_subject_access_export(client, closed_complaint):
    import json

    from surveys.services import surveys_for_subject_access

    case = closed_complaint()
    client.post(_path(_link(_survey_emails(case)[0])), ANSWERS)
    ((name, content),) = surveys_for_subject_access(case=case)
    (row,) = json.loads(content)
    assert name == "satisfaction-surveys.json"
    assert (row["stage"], row["outcome"], row["time_taken"]) == (
        1,
        "Fairly satisfied",
        "Prefer not to say",
    )
    assert row["comment"] == ANSWERS["comment"]

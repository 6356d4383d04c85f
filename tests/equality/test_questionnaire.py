"""The questionnaire: offered after the public form, by a link an officer gives and on the
officer's form; each question needs an answer ("Prefer not to say" is one); answers kept when
the page comes back with errors."""

import pytest
from django.urls import reverse

from equality.links import questionnaire_url
from equality.models import EqualityAnswers
from tests.factories import CaseFactory

from .conftest import DISTINCT, PREFERS_NOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(organisation, housing, web_form):
    return CaseFactory(organisation=organisation, service=housing, channel=web_form)


def test_the_customer_answers_through_the_link(client, case):
    response = client.post(questionnaire_url(case=case), DISTINCT)
    assert response.status_code == 302
    assert response["Location"] == reverse("equality:thanks")
    stored = EqualityAnswers.objects.get(case=case)
    assert {field: getattr(stored, field) for field in DISTINCT} == DISTINCT
    assert stored.answered_through == "web"


def test_prefer_not_to_say_everywhere_is_an_answer(client, case):
    assert client.post(questionnaire_url(case=case), PREFERS_NOT).status_code == 302
    assert EqualityAnswers.objects.get(case=case).sex == "prefer_not_to_say"


def test_a_missing_answer_is_an_error_and_the_other_answers_stay(client, case):
    partial = {**DISTINCT}
    del partial["religion"]
    response = client.post(questionnaire_url(case=case), partial)
    assert response.status_code == 200
    html = response.text
    assert "There is a problem" in html
    assert "Select an answer about religion or belief, or &quot;Prefer not to say&quot;" in html
    assert 'href="#id_religion_0"' in html
    assert html.startswith("<!DOCTYPE html>") or "<title>Error:" in html
    for field, value in partial.items():
        assert f'name="{field}" type="radio" value="{value}" checked' in html, field
    assert not EqualityAnswers.objects.filter(case=case).exists()


def test_answering_again_replaces_the_answers(client, case):
    client.post(questionnaire_url(case=case), DISTINCT)
    client.post(questionnaire_url(case=case), PREFERS_NOT)
    assert EqualityAnswers.objects.filter(case=case).count() == 1
    assert EqualityAnswers.objects.get(case=case).religion == "prefer_not_to_say"


def test_a_forged_or_tampered_link_is_not_found(client, case):
    url = questionnaire_url(case=case)
    assert client.get(url[:-3] + "xyz/").status_code == 404
    assert client.get(reverse("equality:questionnaire", args=["forged"])).status_code == 404


def test_an_officer_fills_it_in_with_the_customer(client, complaints_officer, case):
    client.force_login(complaints_officer)
    url = reverse("equality_officer:questionnaire", args=[case.reference])
    response = client.post(url, DISTINCT)
    assert response.status_code == 302
    assert response["Location"] == reverse("officer:case_detail", args=[case.reference])
    assert EqualityAnswers.objects.get(case=case).answered_through == "officer"


def test_an_officer_of_another_service_cannot(client, planning_officer, case):
    client.force_login(planning_officer)
    url = reverse("equality_officer:questionnaire", args=[case.reference])
    assert client.post(url, DISTINCT).status_code == 404
    assert not EqualityAnswers.objects.exists()


def test_the_confirmation_page_offers_the_questions(
    client, organisation, housing, web_form, time_machine
):
    from django.utils import timezone

    from feedback.drafts import LAST_CASE_KEY

    # The clock stands still: the link's signature carries the second it was made, and the
    # page's and the one made here differed on a loaded machine (SQLite run, 2026-12-01).
    time_machine.move_to(timezone.now(), tick=False)
    case = CaseFactory(organisation=organisation, service=housing, channel=web_form)
    session = client.session
    session[LAST_CASE_KEY] = case.pk
    session.save()
    html = client.get(reverse("public:confirmation")).text
    assert "Help us check we treat everyone fairly — optional" in html
    assert questionnaire_url(case=case) in html

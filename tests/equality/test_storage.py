"""The answers are stored apart from the case: no officer page or API response shows them, no
link from a case leads to them, and they go with the case's personal data."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from equality.characteristics import BY_FIELD
from equality.links import questionnaire_url
from equality.models import AnsweredThrough, EqualityAnswers
from equality.services import equality_answers_record
from feedback.retention import case_anonymise
from tests.api.conftest import token_client
from tests.factories import CaseFactory

from .conftest import DISTINCT

pytestmark = pytest.mark.django_db


def _labels(answers: dict) -> list[str]:
    """The words each answer shows as, e.g. "White: Gypsy or Irish Traveller"."""
    return [str(dict(BY_FIELD[field].choices)[value]) for field, value in answers.items()]


# Answers whose words cannot appear on a case page by chance ("Yes", "No", "Female" could).
TELLING = ["Gypsy or Irish Traveller", "Buddhist", "Bisexual", "Widowed", "75 or over"]


@pytest.fixture
def answered_case(organisation, housing, web_form):
    case = CaseFactory(organisation=organisation, service=housing, channel=web_form)
    equality_answers_record(case=case, answers=DISTINCT, answered_through=AnsweredThrough.WEB)
    return case


def test_the_telling_words_are_the_answers_words():
    labels = " ".join(_labels(DISTINCT))
    assert all(word in labels for word in TELLING)


def test_the_officer_case_page_shows_no_answers(client, complaints_manager, answered_case):
    client.force_login(complaints_manager)
    html = client.get(reverse("officer:case_detail", args=[answered_case.reference])).text
    assert 'id="equality-panel"' in html  # the panel is there: a link and a form, no answers
    for word in TELLING:
        assert word not in html
    assert "answered" not in html.split('id="equality-panel"')[1].split("</section>")[0]


def test_the_case_page_reads_the_same_with_or_without_answers(
    client, complaints_manager, organisation, housing, web_form, time_machine
):
    """Whether a customer answered is not shown either: the panel is the same for a case with
    answers and one without (bar the case's own link)."""
    # The clock stands still: the link's signature carries the second it was made, and the
    # page and the test each make one (on a loaded machine a second apart, and the test failed).
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(complaints_manager)

    def panel(case):
        html = client.get(reverse("officer:case_detail", args=[case.reference])).text
        section = html.split('id="equality-panel"')[1].split("</section>")[0]
        return section.replace(case.reference, "REF").replace(questionnaire_url(case=case), "URL")

    answered = CaseFactory(organisation=organisation, service=housing, channel=web_form)
    equality_answers_record(case=answered, answers=DISTINCT, answered_through="web")
    silent = CaseFactory(organisation=organisation, service=housing, channel=web_form)
    assert panel(answered) == panel(silent)


def test_the_api_case_shows_no_answers(complaints_manager, answered_case):
    response = token_client(complaints_manager).get(
        reverse("api:case-detail", args=[answered_case.reference])
    )
    assert response.status_code == 200
    text = json.dumps(response.json())
    assert "equality" not in text.lower()
    stored_values = ["75_over", "widowed", "white_gypsy_traveller", "buddhist", "bisexual"]
    for word in TELLING + stored_values:
        assert word not in text.lower() if word.islower() else word not in text, word


def test_the_questionnaires_never_show_earlier_answers(client, complaints_manager, answered_case):
    client.force_login(complaints_manager)
    officer = client.get(reverse("equality_officer:questionnaire", args=[answered_case.reference]))
    public = client.get(questionnaire_url(case=answered_case))
    for response in (officer, public):
        assert response.status_code == 200
        assert " checked" not in response.text


def test_no_link_leads_from_a_case_to_its_answers(answered_case):
    assert not any(
        getattr(f, "related_model", None) is EqualityAnswers
        for f in answered_case._meta.get_fields()
    )
    assert EqualityAnswers not in admin.site._registry


def test_nobody_has_a_permission_to_view_rows(complaints_manager, committee_member):
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="equality").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"report_equality"}
    assert committee_member.has_perm("equality.report_equality")
    assert complaints_manager.has_perm("equality.report_equality")


def test_erasure_deletes_the_answers(answered_case, organisation, housing, web_form):
    other = CaseFactory(organisation=organisation, service=housing, channel=web_form)
    equality_answers_record(case=other, answers=DISTINCT, answered_through="web")
    assert case_anonymise(case=answered_case, reason="Erasure request")
    assert not EqualityAnswers.objects.filter(case=answered_case).exists()
    assert EqualityAnswers.objects.filter(case=other).exists()


def test_a_link_stops_working_once_the_case_is_anonymised(client, answered_case):
    url = questionnaire_url(case=answered_case)
    case_anonymise(case=answered_case, reason="Retention schedule")
    assert client.get(url).status_code == 404

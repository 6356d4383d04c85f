"""Check progress: a neutral answer to everyone, a link only to the address on the case."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from feedback import clock
from feedback.models import CaseEvent, Notification
from feedback.progress import progress_token_make
from feedback.services import event_record
from tests.feedback.public_helpers import soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(housing_case):
    housing_case.customer.email = "ann.lee@example.com"
    housing_case.customer.save()
    # The representative acts on this case (issue 12: not on every case of the customer).
    housing_case.representative_email = "cllr@example-council.gov.uk"
    housing_case.save(update_fields=["representative_email"])
    return housing_case


def ask(client, reference, email, **extra):
    if "started" not in extra:
        form = soup_of(client.get(reverse("public:progress")))
        extra["started"] = form.select_one("input[name=started]")["value"]
    return client.post(
        reverse("public:progress"), {"reference": reference, "email": email, **extra}
    )


def test_the_answer_is_the_same_whether_or_not_the_details_match(
    client, case, no_timetrap, mailoutbox, django_capture_on_commit_callbacks
):
    answers = []
    for reference, email in [
        ("CMP-2026-99999", "ann.lee@example.com"),  # no such reference
        (case.reference, "someone.else@example.com"),  # not the case's address
        (case.reference.lower(), "Ann.Lee@Example.com"),  # a match, typed loosely
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, reference, email)
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.content))
    assert answers[0] == answers[1] == answers[2]
    assert b"If the reference and email address you entered match a case" in answers[0][2]

    (email,) = mailoutbox  # only the match was sent anything
    assert email.to == ["ann.lee@example.com"]
    assert case.reference in email.subject
    assert re.search(r"http://\S+/progress/[^/\s]+/", email.body)


def test_a_representative_can_ask_with_their_own_address(
    client, case, no_timetrap, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, case.reference, "cllr@example-council.gov.uk")
    assert [m.to for m in mailoutbox] == [["cllr@example-council.gov.uk"]]


def test_asking_again_and_again_sends_one_link_in_a_quarter_of_an_hour(
    client, case, no_timetrap, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            ask(client, case.reference, "ann.lee@example.com")
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1
    # The request is on the case's internal timeline, for the officers.
    event = case.events.get(kind=CaseEvent.Kind.EMAIL)
    assert event.is_internal


def test_the_link_shows_the_service_the_stage_dates_and_public_timeline(client, case):
    event_record(case=case, kind=CaseEvent.Kind.NOTE, summary="Customer sounds cross")
    event_record(
        case=case, kind=CaseEvent.Kind.CUSTOMER, summary="We phoned you", is_internal=False
    )
    case.respond_by = clock.today() + timedelta(days=20)
    case.save()
    token = progress_token_make(case=case, email="ann.lee@example.com")

    response = client.get(reverse("public:progress_case", args=[token]))
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select_one("#service").get_text() == "Housing"
    assert "deciding how best to deal with it" in page.select_one("#stage").get_text()
    text = page.get_text(" ", strip=True)
    assert f"{case.respond_by.day} {case.respond_by:%B %Y}" in text
    timeline = page.select_one("#timeline").get_text()
    assert "We phoned you" in timeline
    assert "Customer sounds cross" not in text
    used = {t.name for t in response.templates}
    assert {
        "escalation/public/progress_actions.html",
        "letters/public/progress_letters.html",
    } <= used
    assert response.context["token"] == token
    assert response.context["case"] == case
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("how", ["forged", "expired", "address no longer on the case"])
def test_a_forged_or_expired_link_offers_a_new_one(client, case, how):
    token = progress_token_make(case=case, email="ann.lee@example.com")
    moment = clock.now()
    if how == "forged":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif how == "expired":
        moment += timedelta(days=8)
    else:
        case.customer.email = "new.address@example.com"
        case.customer.save()
    with time_machine.travel(moment):
        response = client.get(reverse("public:progress_case", args=[token]))
    assert response.status_code == 404
    page = soup_of(response)
    assert "This link has expired or does not work" in page.h1.get_text()
    assert page.select_one("a.govuk-button")["href"] == reverse("public:progress")
    assert case.summary not in page.get_text()


def test_a_mistyped_reference_is_explained_and_kept(client, organisation, no_timetrap):
    response = ask(client, "CMP2026", "ann@example")
    page = soup_of(response)
    summary = page.select_one(".govuk-error-summary").get_text()
    assert "Enter your reference in the correct format, like CMP-2026-00042" in summary
    assert "Enter an email address in the correct format" in summary
    assert page.select_one("#id_reference")["value"] == "CMP2026"
    assert page.select_one("#id_email")["value"] == "ann@example"


def test_robots_get_the_same_answer_and_nothing_is_sent(
    client, case, no_timetrap, mailoutbox, django_capture_on_commit_callbacks
):
    form = soup_of(client.get(reverse("public:progress")))
    started = form.select_one("input[name=started]")["value"]
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, case.reference, "ann.lee@example.com", website="x", started=started)
        unsigned = ask(client, case.reference, "ann.lee@example.com", started="12345")
    assert response["Location"] == unsigned["Location"] == reverse("public:progress_sent")
    assert mailoutbox == []


def test_a_request_faster_than_a_person_types_is_asked_to_wait(client, case, settings):
    settings.SPAM_MIN_SECONDS = 5
    with time_machine.travel(clock.now(), tick=False) as traveller:
        started = soup_of(client.get(reverse("public:progress"))).select_one("input[name=started]")[
            "value"
        ]
        response = ask(client, case.reference, "ann.lee@example.com", started=started)
        assert "Wait a few seconds" in soup_of(response).select_one(".govuk-error-summary").text
        traveller.shift(6)
        response = ask(client, case.reference, "ann.lee@example.com", started=started)
    assert response["Location"] == reverse("public:progress_sent")


def test_the_acknowledgement_label_matches_its_value(client, case):
    """ "We will acknowledge it by" is a promise; once kept it reads "We acknowledged it on"."""
    from datetime import date

    from feedback.models import Case

    Case.objects.filter(pk=case.pk).update(acknowledge_by=date(2026, 3, 11), acknowledged_at=None)
    url = reverse(
        "public:progress_case", args=[progress_token_make(case=case, email="ann.lee@example.com")]
    )
    row = soup_of(client.get(url)).select_one("#acknowledged").find_parent("div")
    assert "We will acknowledge it by" in row.get_text()
    assert "Acknowledged on" not in row.get_text()
    Case.objects.filter(pk=case.pk).update(acknowledged_at=clock.now())
    row = soup_of(client.get(url)).select_one("#acknowledged").find_parent("div")
    assert "We acknowledged it on" in row.get_text()
    assert "We will acknowledge it by" not in row.get_text()

"""The public feedback form, end to end through Django's test client."""

from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError
from django.urls import reverse

from feedback import clock
from feedback.models import Case, CaseEvent, Customer, ReferenceCounter
from tests.feedback.public_helpers import COMPLAINT, soup_of, step_url

pytestmark = pytest.mark.django_db


def test_start_page_explains_the_three_kinds_and_links_onwards(client, organisation):
    response = client.get("/")
    page = soup_of(response)
    assert response.status_code == 200
    text = page.get_text(" ", strip=True)
    for words in ("complaint", "comment or suggestion", "compliment", "15 working days"):
        assert words in text
    start = page.select_one("a.govuk-button--start")
    assert start.get_text(strip=True) == "Start now"
    assert start["href"] == step_url("kind")  # straight to the first question: no redirect
    links = {a["href"] for a in page.select("a")}
    assert {reverse("public:progress"), "/statistics/"} <= links


def test_start_now_again_keeps_the_answers_already_given(client, public_form):
    start = soup_of(client.get("/")).select_one("a.govuk-button--start")["href"]
    assert client.get(start).status_code == 200  # the first question starts the draft
    public_form.answer("kind", {"kind": "compliment"})
    again = soup_of(
        client.get(soup_of(client.get("/")).select_one("a.govuk-button--start")["href"])
    )
    assert again.select_one("input[checked]")["value"] == "compliment"
    # The confirmation page's "Tell us something else" still goes through `new`, which keeps
    # them too.
    assert client.get(reverse("public:new"))["Location"] == step_url("kind")
    assert soup_of(client.get(step_url("kind"))).select_one("input[checked]")["value"] == (
        "compliment"
    )


def test_a_complaint_is_stored_with_a_reference_and_the_customer_sees_it(
    client, public_form, housing
):
    public_form.fill(COMPLAINT)
    response = public_form.send()
    assert response["Location"] == reverse("public:confirmation")

    case = Case.objects.get()
    page = soup_of(client.get(response["Location"]))
    assert page.select_one("#reference").get_text() == case.reference
    assert case.reference.startswith("CMP-")
    assert (case.kind, case.service, case.channel.slug) == ("complaint", housing, "web-form")
    assert case.summary == "Bins not collected on Elm Road"
    assert case.outcome_wanted == "Collect the bins and say sorry."
    customer = case.customer
    assert (customer.first_name, customer.email, customer.postcode) == (
        "Ann",
        "ann.lee@example.com",
        "EX1 2BB",
    )
    assert customer.preferred_format == "large_print"
    assert customer.accessibility_needs == "Please phone after 2pm"
    text = page.get_text(" ", strip=True)
    # The email is in the outbox (its task runs after commit, which this test never reaches):
    # the page promises it, and does not claim it was sent (issue 13).
    assert "We will send a confirmation email to ann.lee@example.com" in text
    assert "We have sent" not in text
    assert "Housing will deal with it" in text
    # The lifecycle gave the complaint its deadlines on receipt; the customer is told them.
    assert case.respond_by is not None
    assert f"full response by {case.respond_by.day} {case.respond_by:%B %Y}" in text
    received = case.events.get(kind=CaseEvent.Kind.RECEIVED)
    assert (received.kind, received.is_internal) == (CaseEvent.Kind.RECEIVED, False)


def test_the_confirmation_page_gives_the_deadlines_the_case_was_given(client, public_form):
    public_form.fill(COMPLAINT)
    public_form.send()
    Case.objects.update(
        acknowledge_by=clock.today() + timedelta(days=1),
        respond_by=clock.today() + timedelta(days=21),
    )
    text = soup_of(client.get(reverse("public:confirmation"))).get_text(" ", strip=True)
    respond_by = clock.today() + timedelta(days=21)
    assert f"by {respond_by.day} {respond_by:%B %Y}" in text


def test_a_comment_can_be_anonymous_and_skips_the_contact_preferences(client, public_form):
    public_form.fill(
        {
            "kind": {"kind": "comment"},
            "details": {"summary": "More benches", "description": "In the park, please."},
            "representative": {"acting_for": "no"},
            "contact": {},
        }
    )
    # No one to write to, so the format page was never asked and is not on the summary.
    assert "How we write to you" not in public_form.check_page().content.decode()
    public_form.send()
    case = Case.objects.get()
    assert (case.kind, case.customer, case.outcome_wanted) == ("comment", None, "")
    assert case.reference.startswith("COM-")
    text = soup_of(client.get(reverse("public:confirmation"))).get_text(" ", strip=True)
    assert "You did not give us an email address" in text


def test_a_compliment_names_who_is_praised(client, public_form):
    response = None
    public_form.fill({"kind": {"kind": "compliment"}}, stop_before="details")
    response = client.get(step_url("details"))
    assert "Who would you like to praise?" in response.content.decode()
    public_form.fill(
        {
            "kind": {"kind": "compliment"},
            "details": {
                "summary": "Helpful librarian",
                "description": "She found the book I needed.",
                "staff_member_named": "Priya at the central library",
            },
            "representative": {"acting_for": "no"},
            "contact": {"email": "fan@example.com"},
            "needs": {"preferred_format": "email"},
        }
    )
    public_form.send()
    case = Case.objects.get()
    assert (case.kind, case.staff_member_named) == ("compliment", "Priya at the central library")
    assert case.reference.startswith("CPL-")


INVALID = [
    ("kind", {}, "Select if you want to make a complaint, a comment or a compliment", None),
    ("service", {"service": "999999"}, "Select the service it is about", None),
    (
        "details",
        {"summary": "S" * 201, "description": "The bins were left out."},
        "Summary must be 200 characters or fewer",
        "The bins were left out.",
    ),
    (
        "details",
        {"summary": "Bins", "description": ""},
        "Tell us what happened",
        "Bins",
    ),
    (
        "outcome",
        {"outcome_wanted": "x" * 5001},
        "What would put things right must be 5,000 characters or fewer",
        "x" * 5001,
    ),
    (
        "representative",
        {"acting_for": "yes", "representative_relationship": "Their councillor"},
        "Enter your full name",
        "Their councillor",
    ),
    (
        "representative",
        {"acting_for": "yes", "representative_name": "Cllr Jo Bloggs"},
        "Confirm that they have agreed that you can act for them",
        "Cllr Jo Bloggs",
    ),
    (
        "contact",
        {"first_name": "Ann", "email": "ann-at-example.com"},
        "Enter an email address in the correct format, like name@example.com",
        "ann-at-example.com",
    ),
    (
        "contact",
        {"email": "ann@example.com", "address": "1 Elm Road", "postcode": "NOT A CODE"},
        "Enter a real postcode, like AA1 1AA",
        "NOT A CODE",
    ),
    (
        "contact",
        {"phone": "call me", "last_name": "Lee"},
        "Enter a telephone number, like 01632 960 001",
        "call me",
    ),
    (
        "needs",
        {"preferred_format": "other_language", "accessibility_needs": "Interpreter please"},
        "Enter the language you would like us to use",
        "Interpreter please",
    ),
]


@pytest.mark.parametrize(("step", "data", "message", "kept"), INVALID)
def test_each_page_explains_invalid_input_and_keeps_what_was_typed(
    public_form, step, data, message, kept
):
    public_form.fill(COMPLAINT, stop_before=step)
    response = public_form.answer(step, data, expect_redirect=False)

    assert response.status_code == 200
    page = soup_of(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".govuk-error-summary")
    link = next(a for a in summary.select("a") if a.get_text().startswith(message))
    target = page.find(id=link["href"].lstrip("#"))
    assert target is not None
    assert target.name in ("input", "textarea")
    group = target.find_parent(class_="govuk-form-group--error")
    assert message in group.select_one(".govuk-error-message").get_text()
    if kept is not None:
        assert kept in [
            *(i.get("value") for i in page.select("input")),
            *(t.get_text() for t in page.select("textarea")),
        ]
    assert Case.objects.count() == 0


def test_a_complaint_without_any_way_to_reply_is_refused_with_a_clear_message(public_form):
    public_form.fill(COMPLAINT, stop_before="contact")
    response = public_form.answer(
        "contact", {"first_name": "Ann", "last_name": "Lee"}, expect_redirect=False
    )
    page = soup_of(response)
    message = (
        "Enter an email address, a telephone number or a postal address: "
        "we need a way to reply to a complaint"
    )
    assert message in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("#id_first_name")["value"] == "Ann"
    assert page.select_one("#id_last_name")["value"] == "Lee"


def test_a_representative_can_be_the_way_to_reply(client, public_form):
    answers = {
        **COMPLAINT,
        "representative": {
            "acting_for": "yes",
            "representative_name": "Cllr Jo Bloggs",
            "representative_relationship": "Ward councillor",
            "representative_email": "cllr.bloggs@example-council.gov.uk",
            "representative_consent": "on",
        },
        "contact": {"first_name": "Sam", "last_name": "Patel"},
    }
    public_form.fill(answers)
    public_form.send()
    case = Case.objects.get()
    customer = case.customer
    assert (customer.first_name, customer.email) == ("Sam", "")
    # The representative acts on this case, with the consent recorded (issue 12).
    assert case.representative_email == "cllr.bloggs@example-council.gov.uk"
    assert case.representative_consent_on == clock.today()
    assert not hasattr(customer, "representative_email")  # it lives on the case alone


def test_a_customer_can_go_back_from_check_answers_to_change_an_answer(client, public_form):
    public_form.fill(COMPLAINT)
    page = soup_of(public_form.check_page())
    change = next(
        a["href"] for a in page.select(".govuk-summary-list__actions a") if "summary" in a.text
    )
    assert change == step_url("details") + "?change=1"

    form_page = soup_of(client.get(change))
    assert form_page.select_one("#id_summary")["value"] == "Bins not collected on Elm Road"
    assert form_page.select_one(".govuk-back-link")["href"] == reverse("public:check")
    response = client.post(
        change, {"summary": "Bins missed again", "description": "Three weeks now."}
    )
    assert response["Location"] == reverse("public:check")
    assert "Bins missed again" in public_form.check_page().content.decode()
    public_form.send()
    case = Case.objects.get()
    assert (case.summary, case.description) == ("Bins missed again", "Three weeks now.")
    assert case.customer.email == "ann.lee@example.com"  # the other answers were kept


def test_going_back_shows_the_answers_already_given(client, public_form):
    public_form.fill(COMPLAINT, stop_before="contact")
    details = soup_of(client.get(step_url("details")))
    assert details.select_one("#id_summary")["value"] == "Bins not collected on Elm Road"
    assert details.select_one(".govuk-back-link")["href"] == step_url("service")
    kind = soup_of(client.get(step_url("kind")))
    assert kind.select_one("input[value=complaint]").has_attr("checked")


def test_a_comment_changed_into_a_complaint_asks_for_what_a_complaint_needs(client, public_form):
    public_form.fill(
        {
            "kind": {"kind": "comment"},
            "details": {"summary": "Bins", "description": "Often late."},
            "representative": {"acting_for": "no"},
            "contact": {},
        }
    )
    response = public_form.answer("kind", {"kind": "complaint"}, change=True)
    assert response["Location"] == step_url("outcome") + "?change=1"
    response = client.post(response["Location"], {"outcome_wanted": "On-time collections"})
    # Contact details were fine for a comment; a complaint needs a way to reply.
    assert response["Location"] == step_url("contact") + "?change=1&recheck=1"
    page = soup_of(client.get(response["Location"]))
    assert "we need a way to reply" in page.select_one(".govuk-error-message").get_text()
    response = client.post(step_url("contact") + "?change=1", {"email": "a@example.com"})
    assert response["Location"] == step_url("needs") + "?change=1"
    response = client.post(response["Location"], {"preferred_format": "standard"})
    assert response["Location"] == reverse("public:check")
    public_form.send()
    assert Case.objects.get().kind == "complaint"


def test_check_answers_sends_a_customer_back_to_a_page_they_skipped(client, public_form):
    public_form.fill(COMPLAINT, stop_before="representative")
    response = client.get(reverse("public:check"))
    assert response["Location"] == step_url("representative") + "?change=1"
    response = client.get(step_url("needs"))
    assert response["Location"] == step_url("representative")


def test_an_expired_session_sends_the_customer_to_the_start_with_a_message(client, public_form):
    response = client.post(step_url("details"), {"summary": "x", "description": "y"})
    assert response["Location"] == reverse("public:start")
    page = soup_of(client.get(response["Location"]))
    assert "Your session has ended" in page.select_one(".govuk-notification-banner").get_text()

    public_form.fill(COMPLAINT, stop_before="contact")
    with time_machine.travel(clock.now() + timedelta(hours=25)):
        response = client.get(step_url("contact"))
        assert response["Location"] == reverse("public:start")
        # The answers are gone, not just hidden: a new form starts empty.
        client.get(reverse("public:new"))
        assert not soup_of(client.get(step_url("kind"))).select("input[checked]")


def test_sending_twice_stores_one_case(client, public_form):
    public_form.fill(COMPLAINT)
    tokens = public_form.tokens()
    first = public_form.send(tokens)
    second = public_form.send(tokens)  # a double click, or back and send again
    assert first["Location"] == second["Location"] == reverse("public:confirmation")
    assert Case.objects.count() == 1
    # Coming back to check answers afterwards does not offer to send it again.
    response = client.get(reverse("public:check"))
    assert response["Location"] == reverse("public:start")
    banner = soup_of(client.get("/")).select_one(".govuk-notification-banner").get_text()
    assert Case.objects.get().reference in banner


def test_the_same_submission_key_never_makes_a_second_case(organisation, housing, web_form):
    from feedback.intake import public_case_submit

    answers = {
        **COMPLAINT,
        "service": {"service": housing.pk},
        "representative": {"acting_for": "no"},
    }
    first = public_case_submit(
        organisation=organisation, answers=answers, attachments=[], idempotency_key="k1"
    )
    again = public_case_submit(
        organisation=organisation, answers=answers, attachments=[], idempotency_key="k1"
    )
    assert first.pk == again.pk
    assert Case.objects.count() == 1


def test_a_failure_while_storing_keeps_nothing_and_keeps_the_answers(
    client, public_form, monkeypatch
):
    public_form.fill(COMPLAINT)
    tokens = public_form.tokens()

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    # Fails after the reference, customer, case, history, timeline, progress link and outbox
    # rows were written (handing the outbox row to the broker on commit is the last step): all
    # must roll back.
    monkeypatch.setattr("feedback.notifications.notification_publish_on_commit", broken)
    response = public_form.send(tokens)
    assert response.status_code == 503
    assert "your feedback has not been sent" in soup_of(response).select_one(
        ".govuk-error-summary"
    ).get_text(" ")
    assert (Case.objects.count(), Customer.objects.count()) == (0, 0)
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()

    monkeypatch.undo()
    response = public_form.send(tokens)
    assert response["Location"] == reverse("public:confirmation")
    assert Case.objects.get().reference.endswith("-00001")


def test_the_acknowledgement_email_goes_after_commit_with_the_reference(
    public_form, django_capture_on_commit_callbacks, mailoutbox
):
    public_form.fill(COMPLAINT)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        public_form.send()
    assert pending
    assert mailoutbox == []  # nothing is sent before the commit

    for callback in pending:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    case = Case.objects.get()
    (email,) = mailoutbox
    assert email.to == ["ann.lee@example.com"]
    assert case.reference in email.subject
    assert case.reference in email.body
    assert "/progress/" in email.body


def test_a_honeypot_that_was_filled_in_stores_nothing(public_form):
    public_form.fill(COMPLAINT)
    response = public_form.send(website="http://spam.example")
    assert response.status_code == 400
    assert Case.objects.count() == 0
    assert "Leave this box empty" in soup_of(response).select_one(".govuk-error-summary").text


def test_a_form_sent_too_fast_or_with_a_forged_time_is_refused(public_form, settings):
    settings.SPAM_MIN_SECONDS = 5
    with time_machine.travel(clock.now(), tick=False) as traveller:
        public_form.fill(COMPLAINT)
        tokens = public_form.tokens()
        traveller.shift(2)
        too_fast = public_form.send(tokens)
        assert too_fast.status_code == 400
        assert "faster than we expected" in soup_of(too_fast).select_one(
            ".govuk-error-summary"
        ).get_text(" ")
        forged = public_form.send(tokens, started="1700000000:forged")
        assert forged.status_code == 400
        assert Case.objects.count() == 0
        traveller.shift(10)
        assert public_form.send(tokens)["Location"] == reverse("public:confirmation")
    assert Case.objects.count() == 1

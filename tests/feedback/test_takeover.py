"""Issue 12: a stranger who knows a customer's email address cannot take over their cases.

End to end through the real public form: the stranger sends a complaint "as the representative"
of the victim, typing the victim's email address. On the old code path the stranger's address
was written onto the victim's customer record, and the progress page then emailed the stranger
a link to every one of the victim's cases. Now nothing typed by an unauthenticated person
changes the victim's record; the stranger's case gets its own customer, flagged as a possible
match that an officer merges or keeps apart, and the representative acts on that case only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import Case, CaseEvent, Customer
from tests.feedback.public_helpers import COMPLAINT, PublicForm
from tests.feedback.test_public_progress import ask

pytestmark = pytest.mark.django_db

VICTIM = "ann.lee@example.com"
STRANGER = "stranger@example.net"
STRANGER_SAYS = {
    **COMPLAINT,
    "details": {"summary": "Noise from next door", "description": "Loud music every night."},
    "representative": {
        "acting_for": "yes",
        "representative_name": "Sam Stranger",
        "representative_relationship": "Neighbour",
        "representative_email": STRANGER,
        "representative_consent": "on",
    },
    "contact": {"first_name": "Ann", "last_name": "Leigh", "email": VICTIM},
    "needs": {"preferred_format": "standard"},
}


def _send(client, service, answers) -> Case:
    form = PublicForm(client, service)
    form.fill(answers)
    response = form.send()
    assert response.status_code == 302, response.status_code
    return Case.objects.order_by("-pk").first()


def _links_sent_to(mailoutbox, address) -> list[str]:
    return [
        re.search(r"/progress/([^/\s]+)/", m.body).group(1)
        for m in mailoutbox
        if m.to == [address] and "link to check progress" in m.subject
    ]


@pytest.fixture
def victims_case(client, housing, no_timetrap, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _send(client, housing, COMPLAINT)


def test_a_stranger_typing_the_victims_address_gets_no_link_to_the_victims_case(
    victims_case, housing, no_timetrap, mailoutbox, django_capture_on_commit_callbacks
):
    victim = victims_case.customer
    before = {f.name: getattr(victim, f.name) for f in Customer._meta.concrete_fields}
    stranger = Client()

    with django_capture_on_commit_callbacks(execute=True):
        strangers_case = _send(stranger, housing, STRANGER_SAYS)
        ask(stranger, victims_case.reference, STRANGER)
        ask(stranger, strangers_case.reference, STRANGER)

    victim.refresh_from_db()
    after = {f.name: getattr(victim, f.name) for f in Customer._meta.concrete_fields}
    assert after == before  # contact details and consent untouched
    victims_case.refresh_from_db()
    assert victims_case.representative_email == ""  # the stranger is nobody's representative
    # The stranger's case has its own customer, flagged for an officer.
    assert strangers_case.customer != victim
    assert strangers_case.customer.possible_match == victim
    assert strangers_case.representative_email == STRANGER
    assert victims_case.representative_email == ""
    # The stranger is sent a link to the case they sent, and to nothing of the victim's.
    (token,) = _links_sent_to(mailoutbox, STRANGER)
    page = stranger.get(reverse("public:progress_case", args=[token]))
    assert page.status_code == 200
    assert strangers_case.reference in page.text
    assert victims_case.reference not in page.text
    # A link opens only the case it was issued for.
    assert stranger.get(reverse("progress_actions:withdraw", args=[token])).status_code == 200
    victims_case.refresh_from_db()
    assert victims_case.state == "received"


def test_the_officer_merges_the_possible_match_and_the_timeline_says_so(
    client,
    victims_case,
    housing,
    complaints_officer,
    no_timetrap,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    strangers_case = _send(Client(), housing, STRANGER_SAYS)
    victim = victims_case.customer
    client.force_login(complaints_officer)
    page = client.get(reverse("officer:case_detail", args=[strangers_case.reference]))
    assert "Possible match" in page.text
    assert "Ann Leigh" in page.text
    assert "Ann Lee" in page.text

    response = client.post(
        reverse("officer:customer_match", args=[strangers_case.reference]), {"decision": "merge"}
    )

    assert response.status_code == 302
    strangers_case.refresh_from_db()
    assert strangers_case.customer == victim
    victim.refresh_from_db()
    assert victim.last_name == "Lee"
    victims_case.refresh_from_db()
    assert victims_case.representative_email == ""
    merged = strangers_case.events.get(kind=CaseEvent.Kind.NOTE)
    assert merged.summary.startswith("Customer record merged into Ann Lee")
    assert merged.actor == complaints_officer
    assert "Ann Leigh" in merged.detail
    assert Customer.objects.count() == 1
    # Still nothing for the stranger about the victim's other case.
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), victims_case.reference, STRANGER)
    assert _links_sent_to(mailoutbox, STRANGER) == []


def test_keeping_them_apart_clears_the_flag_and_is_on_the_timeline(
    client, victims_case, housing, complaints_officer, no_timetrap
):
    strangers_case = _send(Client(), housing, STRANGER_SAYS)
    client.force_login(complaints_officer)
    client.post(
        reverse("officer:customer_match", args=[strangers_case.reference]),
        {"decision": "keep_apart"},
    )
    strangers_case.refresh_from_db()
    assert strangers_case.customer.possible_match is None
    assert strangers_case.customer != victims_case.customer
    assert strangers_case.events.filter(summary__startswith="Possible match dismissed").exists()
    page = client.get(reverse("officer:case_detail", args=[strangers_case.reference]))
    assert 'id="possible-match"' not in page.text


def test_only_an_officer_who_triages_decides_a_match(
    client, victims_case, housing, housing_officer, committee_member, no_timetrap
):
    strangers_case = _send(Client(), housing, STRANGER_SAYS)
    url = reverse("officer:customer_match", args=[strangers_case.reference])
    client.force_login(committee_member)
    assert client.post(url, {"decision": "merge"}).status_code == 403
    client.force_login(housing_officer)
    assert client.post(url, {"decision": "merge"}).status_code == 403
    strangers_case.refresh_from_db()
    assert strangers_case.customer.possible_match == victims_case.customer


def test_the_same_details_again_join_the_customer_without_changing_it(
    victims_case, housing, no_timetrap
):
    again = _send(Client(), housing, COMPLAINT)
    assert again.customer == victims_case.customer
    assert again.customer.possible_match is None

"""Issue 12: progress links open one case, can be ended, and show no internal identifier."""

import pytest
from django.urls import reverse

from escalation.services import case_transition
from feedback.models import CaseEvent, ProgressLink
from feedback.progress import progress_case_from_token, progress_token_make
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(housing_case):
    housing_case.customer.email = "ann.lee@example.com"
    housing_case.customer.save()
    return housing_case


def _opens(client, token) -> bool:
    return client.get(reverse("public:progress_case", args=[token])).status_code == 200


def test_a_link_opens_only_the_case_it_was_issued_for(client, case, organisation, housing):
    other = CaseFactory(organisation=organisation, service=housing, customer=case.customer)
    token = progress_token_make(case=case, email="ann.lee@example.com")
    page = client.get(reverse("public:progress_case", args=[token]))
    assert case.reference in page.text
    assert other.reference not in page.text
    assert progress_case_from_token(token) == case
    # Only a hash is stored: the database cannot hand out working links.
    assert not ProgressLink.objects.filter(token_digest=token).exists()


def test_a_new_link_replaces_the_old(client, case):
    old = progress_token_make(case=case, email="ann.lee@example.com")
    new = progress_token_make(case=case, email="Ann.Lee@example.com")
    assert not _opens(client, old)
    assert _opens(client, new)


def test_an_officer_ends_the_links_and_the_timeline_says_so(client, case, complaints_officer):
    token = progress_token_make(case=case, email="ann.lee@example.com")
    client.force_login(complaints_officer)
    page = client.get(reverse("officer:case_detail", args=[case.reference]))
    assert "1 link can open this case" in page.text

    client.post(reverse("officer:progress_links_end", args=[case.reference]))

    client.logout()
    assert not _opens(client, token)
    event = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert event.summary == "Progress links ended (1 in use)"
    assert event.actor == complaints_officer


def test_a_service_officer_without_triage_cannot_end_links(client, case, housing_officer):
    token = progress_token_make(case=case, email="ann.lee@example.com")
    client.force_login(housing_officer)
    url = reverse("officer:progress_links_end", args=[case.reference])
    assert client.post(url).status_code == 403
    client.logout()
    assert _opens(client, token)


def test_withdrawing_the_case_ends_its_links(client, case, complaints_officer):
    token = progress_token_make(case=case, email="ann.lee@example.com")
    case_transition(case=case, name="withdraw", user=complaints_officer, reason="Sorted")
    assert not _opens(client, token)
    assert ProgressLink.objects.get().ended_because == ProgressLink.Ending.CASE_ENDED
    # The customer can ask again and see how it ended.
    assert _opens(client, progress_token_make(case=case, email="ann.lee@example.com"))


def test_the_representative_of_one_case_gets_no_link_to_the_customers_other_cases(
    case, organisation, housing
):
    represented = CaseFactory(
        organisation=organisation,
        service=housing,
        customer=case.customer,
        representative_email="cllr@example-council.gov.uk",
    )
    from feedback.progress import progress_case_find

    assert progress_case_find(reference=represented.reference, email="cllr@example-council.gov.uk")
    assert not progress_case_find(reference=case.reference, email="cllr@example-council.gov.uk")
    # A link made for the representative on one case never opens another.
    token = progress_token_make(case=case, email="cllr@example-council.gov.uk")
    assert progress_case_from_token(token) is None


def test_an_anonymised_cases_link_stops_opening_while_the_other_case_is_kept(
    client, case, organisation, housing
):
    from feedback.progress import progress_link_request
    from feedback.retention import case_anonymise

    kept = CaseFactory(organisation=organisation, service=housing, customer=case.customer)
    erased_link = progress_token_make(case=case, email="ann.lee@example.com")
    kept_link = progress_token_make(case=kept, email="ann.lee@example.com")
    assert _opens(client, erased_link)

    case_anonymise(case=case, reason="erasure request")

    # The customer is kept (her other case is live), with the address the link was sent to.
    case.customer.refresh_from_db()
    assert case.customer.email == "ann.lee@example.com"
    assert not _opens(client, erased_link)
    assert _opens(client, kept_link)
    assert not ProgressLink.objects.filter(case=case).exists()
    # Nor can a new link be asked for with the reference and her address.
    assert not progress_link_request(reference=case.reference, email="ann.lee@example.com")
    assert progress_link_request(reference=kept.reference, email="ann.lee@example.com")


def test_anonymising_a_case_removes_its_representative(case):
    from feedback.retention import case_anonymise

    case.representative_name = "Bob Lee"
    case.representative_email = "bob@example.com"
    case.save()
    case_anonymise(case=case, reason="erasure request")
    case.refresh_from_db()
    assert (case.representative_name, case.representative_email) == ("", "")
    assert not case.history.filter(representative_email__gt="").exists()

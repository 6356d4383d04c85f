"""The public privacy notice (issue 13) comes from the council's settings and its retention
schedule, so it always says what the anonymiser does."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from feedback.models import RetentionRule

pytestmark = pytest.mark.django_db


def notice(client):
    response = client.get(reverse("public:privacy"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_notice_gives_the_council_the_schedule_and_the_rights(client, organisation):
    page = notice(client)
    text = page.get_text(" ", strip=True)
    assert f"{organisation.name} is the data controller" in text
    rows = [r.get_text(" ", strip=True) for r in page.select("#retention tbody tr")]
    assert rows == [
        "Complaint 6 years",
        "Comment or suggestion 2 years",
        "Compliment 2 years",
        "Complaint that went to the Ombudsman 10 years",
    ]
    assert f"mailto:{organisation.email}" in str(page)
    assert "Information Commissioner" in text


def test_the_notice_follows_the_managers_schedule_and_data_protection_contact(client, organisation):
    RetentionRule.objects.create(organisation=organisation, kind="complaint", years=7)
    organisation.data_protection_email = "dpo@example-council.gov.uk"
    organisation.save()

    page = notice(client)

    assert "Complaint 7 years" in page.select_one("#retention").get_text(" ", strip=True)
    assert "mailto:dpo@example-council.gov.uk" in str(page)


def test_every_public_page_links_to_the_notice(client, organisation):
    start = BeautifulSoup(client.get(reverse("public:start")).content, "html.parser")
    assert start.select_one(f".govuk-footer a[href='{reverse('public:privacy')}']")

"""The officer pages' menu (feedback.navigation): the core's links and the wings' (registered
on feedback.hooks.officer_menu_links), shown to those who may open them, the current one
marked as GOV.UK's service navigation marks it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client, url: str) -> list[tuple[str, str | None]]:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.select("#navigation a.govuk-service-navigation__link")
    # The last link is the officer's own account (their name), not a menu entry.
    return [(a.get_text(strip=True), a.get("aria-current")) for a in links[:-1]]


def test_a_complaints_manager_sees_every_link_in_order(client, complaints_manager):
    client.force_login(complaints_manager)
    labels = [label for label, _ in _menu(client, reverse("officer:dashboard"))]
    assert labels == [
        "Dashboard",
        "Cases",
        "Log a contact",
        "Ombudsman",
        "Letters",
        "Policies",
        "Statistics",
        "Access log",
    ]


def test_an_investigating_officer_sees_only_what_they_may_open(client, housing_officer):
    client.force_login(housing_officer)
    labels = [label for label, _ in _menu(client, reverse("officer:dashboard"))]
    assert labels == ["Dashboard", "Cases", "Ombudsman", "Letters"]


def test_the_current_page_and_section_are_marked(client, complaints_manager):
    client.force_login(complaints_manager)
    on_list = dict(_menu(client, reverse("officer:case_list")))
    assert on_list["Cases"] == "page"
    assert on_list["Dashboard"] is None
    on_letters = dict(_menu(client, reverse("letters:print_batches")))
    assert on_letters["Letters"] == "page"
    assert on_letters["Cases"] is None
    # Another page of a wing's section: its link is current as the section, not the page.
    on_policy = dict(_menu(client, reverse("escalation:policy_edit", args=[1])))
    assert on_policy["Policies"] == "true"


def test_the_menu_and_sign_out_are_not_shown_before_two_factor_sign_in(client):
    response = client.get(reverse("officer:login"))
    assert 'id="navigation"' not in response.content.decode()

"""Helpers for the public form's tests: a client that fills the form page by page."""

from bs4 import BeautifulSoup
from django.urls import reverse


def step_url(step: str) -> str:
    if step == "attachments":
        return reverse("public:attachments")
    return reverse("public:step", args=[step])


COMPLAINT = {
    "kind": {"kind": "complaint"},
    "details": {
        "summary": "Bins not collected on Elm Road",
        "description": "The bins have not been collected for three weeks.",
    },
    "outcome": {"outcome_wanted": "Collect the bins and say sorry."},
    "representative": {"acting_for": "no"},
    "contact": {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann.lee@example.com",
        "phone": "07700 900123",
        "address": "1 Elm Road\nExampletown",
        "postcode": "ex1 2bb",
    },
    "needs": {"preferred_format": "large_print", "accessibility_needs": "Please phone after 2pm"},
}


class PublicForm:
    """Drives the public form through Django's test client, page by page."""

    def __init__(self, client, service):
        self.client = client
        self.service = service

    def start(self):
        return self.client.get(reverse("public:new"))

    def answer(self, step: str, data: dict, *, change: bool = False, expect_redirect=True):
        url = step_url(step) + ("?change=1" if change else "")
        response = self.client.post(url, data)
        if expect_redirect:
            assert response.status_code == 302, _errors(response)
        return response

    def fill(self, answers: dict, *, stop_before: str | None = None) -> None:
        """Answer each page in order, following the form's own redirects."""
        self.start()
        answers = {"service": {"service": self.service.pk}, **answers}
        url = step_url("kind")
        while url != reverse("public:check"):
            step = url.rstrip("/").split("/")[-1]
            if step == stop_before:
                return
            data = {"action": "continue"} if step == "attachments" else answers[step]
            response = self.client.post(url, data)
            assert response.status_code == 302, (step, _errors(response))
            url = response["Location"]

    def check_page(self):
        return self.client.get(reverse("public:check"))

    def tokens(self) -> dict:
        page = self.check_page()
        assert page.status_code == 200, page.get("Location")
        soup = BeautifulSoup(page.content, "html.parser")
        return {
            "submit_token": soup.find("input", {"name": "submit_token"})["value"],
            "started": soup.find("input", {"name": "started"})["value"],
            "website": "",
        }

    def send(self, tokens: dict | None = None, **overrides):
        data = {**(tokens or self.tokens()), **overrides}
        return self.client.post(reverse("public:check"), data)


def _errors(response) -> str:
    if response.status_code != 200:
        return f"{response.status_code} {response.get('Location')}"
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else "no error summary"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")

"""The reader by which the bench and the load test answer the public form's pages."""

from urllib.parse import urljoin

from django.urls import reverse

from devtools.bench.public_form import MAX_PAGES, REFERENCE
from devtools.form_reader import page_read
from feedback.models import Case

FORM = """
<form method="get" action="/search/"><input name="q"></form>
<div class="govuk-error-summary">There is a problem</div>
<form method="post" action="/next/">
  <input type="hidden" name="csrfmiddlewaretoken" value="token">
  <input name="email_address">
  <input name="postcode" value="AB1 2CD">
  <input name="website">
  <input name="disabled_one" disabled value="x">
  <textarea name="summary">  </textarea>
  <textarea name="description">Already typed</textarea>
  <select name="service"><option value="">Choose</option><option value="7">Housing</option></select>
  <input type="radio" name="kind" value="comment"><input type="radio" name="kind" value="complaint">
  <input type="radio" name="contact" value="phone">
  <input type="radio" name="contact" value="post" checked>
  <input type="checkbox" name="consent" value="yes" checked>
  <input type="checkbox" name="newsletter" value="yes">
  <input type="file" name="attachment">
  <button class="govuk-button govuk-button--secondary" name="add_another" value="1">Add</button>
  <button class="govuk-button" name="continue" value="go">Continue</button>
</form>
"""


def test_a_form_is_answered_as_a_person_would():
    page = page_read(FORM, 42)
    assert page.action == "/next/"  # the POST form, not the search box
    assert page.refused
    assert page.data == {
        "csrfmiddlewaretoken": "token",
        "email_address": "bench42@example.com",
        "postcode": "AB1 2CD",  # what the page holds is kept
        "website": "",  # the honeypot is left empty
        "summary": "Bin not collected for three weeks",
        "description": "Already typed",
        "service": "7",  # the first real choice, not the prompt
        "kind": "complaint",  # the preferred choice where nothing is checked
        "contact": "post",  # what is checked stays checked
        "consent": ["yes"],
        "continue": "go",  # the primary button, not the secondary one
    }


def test_a_page_without_a_form_is_left_by_its_start_button():
    page = page_read('<p>Hello</p><a class="govuk-button govuk-button--start" href="/q/1/">', 1)
    assert (page.action, page.start_href, page.data, page.refused) == (None, "/q/1/", {}, False)


def test_its_answers_take_a_whole_submission_to_a_case(client, housing, web_form, settings):
    settings.SPAM_MIN_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    response = client.get(reverse("public:start"), follow=True)
    pages = 0
    while not (REFERENCE.search(html := response.content.decode()) and "govuk-panel" in html):
        assert pages < MAX_PAGES, "no confirmation page"
        assert response.status_code == 200
        path = response.request["PATH_INFO"]
        page = page_read(html, 7)
        if page.action is None:
            assert page.start_href
            response = client.get(urljoin(path, page.start_href), follow=True)
        else:
            assert not page.refused, f"the answers were refused at {path}"
            response = client.post(urljoin(path, page.action or path), page.data, follow=True)
        pages += 1
    assert pages >= 5
    assert Case.objects.get().customer.email == "bench7@example.com"

"""The bench sends the public form's answers as a browser does."""

import importlib

from django.test import Client
from django.urls import reverse

from feedback.models import Case

public_form = importlib.import_module("devtools.bench.public_form")


class RecordingClient(Client):
    def __init__(self):
        super().__init__()
        self.posts = []

    def request(self, **request):
        if request.get("REQUEST_METHOD") == "POST":
            self.posts.append((request["PATH_INFO"], request.get("CONTENT_TYPE", "")))
        return super().request(**request)


def test_forms_go_url_encoded_and_the_upload_page_multipart(housing, web_form, settings):
    """A browser sends a form URL-encoded unless the form says enctype="multipart/form-data"
    (only the documents page does); the test client's own default is multipart for all."""
    settings.SPAM_MIN_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    client = RecordingClient()
    flow = public_form.submit_once(
        client, reverse("public:start"), reverse("public:confirmation"), 3
    )
    assert Case.objects.get().customer.email == "bench3@example.com"
    assert flow.create_ms is not None
    kinds = {path: content_type.split(";")[0] for path, content_type in client.posts}
    assert kinds.pop(reverse("public:attachments")) == "multipart/form-data"
    assert reverse("public:check") in kinds
    assert set(kinds.values()) == {"application/x-www-form-urlencoded"}

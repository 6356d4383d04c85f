"""Officer and customer pages: the allowed officer, a colleague outside the service, the public."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from feedback.progress import progress_token_make
from letters import services
from letters.models import Letter, LetterKind, LetterTemplate
from letters.selectors import progress_letter_key

from .conftest import letter_bytes, stage_add, stage_complete


@pytest.fixture
def draft(stage1_case, officer_with_phone):
    return services.letter_draft_create(
        case=stage1_case, kind=LetterKind.ACKNOWLEDGEMENT, user=officer_with_phone
    )


@pytest.fixture
def sent(draft, render, send):
    return send(render(draft))


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "next=" in response["Location"]


# ---- officer access --------------------------------------------------------------------------


def test_the_officer_of_the_service_sees_the_letter(client, draft, officer_with_phone):
    client.force_login(officer_with_phone)
    response = client.get(reverse("letters:detail", args=[draft.pk]))
    assert response.status_code == 200
    assert "Save and preview the PDF" in response.content.decode()


def test_a_colleague_outside_the_service_gets_404(client, draft, planning_officer):
    client.force_login(planning_officer)
    for name in ("letters:detail", "letters:status", "letters:pdf"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("letters:send", args=[draft.pk]), {}).status_code == 404
    create = reverse("letters:create", args=[draft.case.reference])
    assert client.post(create, {"kind": "acknowledgement"}).status_code == 404


def test_a_committee_member_gets_403(client, draft, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("letters:detail", args=[draft.pk])).status_code == 403


def test_the_public_is_sent_to_sign_in(client, draft):
    for url in (
        reverse("letters:detail", args=[draft.pk]),
        reverse("letters:failed"),
        reverse("letters:print_batches"),
        reverse("letters:templates"),
    ):
        assert _is_login_redirect(client.get(url)), url


# ---- writing, previewing and sending through the pages ---------------------------------------


def test_officer_writes_previews_and_sends_a_stage_1_response(
    client, stage1_case, officer_with_phone, django_capture_on_commit_callbacks
):
    client.force_login(officer_with_phone)
    response = client.post(
        reverse("letters:create", args=[stage1_case.reference]), {"kind": "stage1_response"}
    )
    letter = Letter.objects.get(case=stage1_case, kind=LetterKind.STAGE1_RESPONSE)
    assert response["Location"] == reverse("letters:detail", args=[letter.pk])
    assert letter.template.version == 1

    # The default wording leaves a gap: the preview is refused and the officer sees why.
    response = client.post(
        reverse("letters:detail", args=[letter.pk]),
        {"subject": letter.subject, "body": letter.body, "preview": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The letter cannot be previewed for sending yet" in page
    assert "The gaps in the wording" in page

    body = letter.body.split("[")[0] + "We are sorry this happened."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("letters:detail", args=[letter.pk]),
            {"subject": letter.subject, "body": body, "preview": "1"},
        )
    assert response.status_code == 302
    status = client.get(reverse("letters:status", args=[letter.pk])).json()
    assert status["state"] == "ready"
    assert status["pages"] >= 1
    pdf = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"

    for _ in range(2):  # a double click
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("letters:send", args=[letter.pk]),
                {"method": "email", "sha256": status["sha256"]},
            )
    letter.refresh_from_db()
    assert letter.is_sent
    assert letter.sha256 == status["sha256"]
    assert len(mail.outbox) == 1
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Send the same letter again" in page
    assert letter.sha256 in page


def test_the_pending_page_polls_with_a_static_script_and_a_meta_refresh(
    client, draft, officer_with_phone, django_capture_on_commit_callbacks
):
    client.force_login(officer_with_phone)
    with django_capture_on_commit_callbacks(execute=False):
        services.letter_preview_request(letter_id=draft.pk, user=officer_with_phone)
    page = client.get(reverse("letters:detail", args=[draft.pk])).content.decode()
    assert "letters/letter-status" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert reverse("letters:status", args=[draft.pk]) in page
    assert client.get(reverse("letters:status", args=[draft.pk])).json()["state"] == "pending"


def test_case_panel_offers_the_letters_that_fit_the_state(client, stage1_case, officer_with_phone):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = officer_with_phone
    html = Template('{% include "letters/officer/case_panel.html" %}').render(
        Context({"case": stage1_case, "request": request, "user": officer_with_phone})
    )
    assert 'value="stage1_response"' in html
    assert 'value="acknowledgement"' in html
    assert 'value="stage2_response"' not in html
    assert 'value="holding"' not in html  # not extended

    stage = stage1_case.stages.get()
    stage.response_due = date(2026, 12, 8)
    stage.save()
    html = Template('{% include "letters/officer/case_panel.html" %}').render(
        Context({"case": stage1_case, "request": request, "user": officer_with_phone})
    )
    assert 'value="holding"' in html


# ---- failed deliveries and the post room ------------------------------------------------------


def test_failed_deliveries_page_is_scoped_and_has_a_query_budget(
    client, sent, officer_with_phone, planning_officer, django_assert_max_num_queries
):
    sent.deliveries.get().notification.__class__.objects.update(status="failed", attempts=8)
    client.force_login(officer_with_phone)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("letters:failed")).content.decode()
    assert sent.case.reference in page
    client.force_login(planning_officer)
    assert sent.case.reference not in client.get(reverse("letters:failed")).content.decode()


def test_post_room_downloads_the_days_batch(
    client, draft, render, send, complaints_officer, officer_with_phone
):
    send(render(draft), method=Letter.Delivery.POST)
    client.force_login(officer_with_phone)  # a service officer: not the post room
    assert client.get(reverse("letters:print_batches")).status_code == 403
    client.force_login(complaints_officer)
    page = client.get(reverse("letters:print_batches")).content.decode()
    assert "Monday 23 November 2026" in page
    response = client.get(reverse("letters:print_batch", args=["2026-11-23"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("letters:print_batch", args=["2026-11-24"])).status_code == 404


# ---- the template editor -----------------------------------------------------------------------


def test_template_editor_is_for_the_complaints_manager(client, organisation, officer_with_phone):
    client.force_login(officer_with_phone)
    assert client.get(reverse("letters:templates")).status_code == 403
    url = reverse("letters:template_edit", args=["acknowledgement"])
    assert client.post(url, {"subject": "x", "body": "y"}).status_code == 403


def test_an_unknown_merge_field_is_shown_at_save_and_not_saved(
    client, organisation, complaints_manager
):
    client.force_login(complaints_manager)
    url = reverse("letters:template_edit", args=["acknowledgement"])
    body = "Dear {{ customer.salutation }}, about {{ case.refernce }}."
    response = client.post(url, {"subject": "We have your complaint", "body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Did you mean {{ case.reference }}?" in page
    assert "about {{ case.refernce }}." in page  # what they typed is kept
    assert LetterTemplate.objects.filter(kind="acknowledgement").count() == 1

    response = client.post(
        url, {"subject": "We have your complaint", "body": "Ref {{ case.reference }}"}
    )
    assert response.status_code == 302
    assert LetterTemplate.objects.get(kind="acknowledgement", is_current=True).version == 2


def test_template_preview_is_a_pdf_of_the_sample_case(client, organisation, complaints_manager):
    client.force_login(complaints_manager)
    url = reverse("letters:template_preview", args=["stage1_response"])
    response = client.post(url, {"subject": "Our answer", "body": "Dear {{ customer.salutation }}"})
    assert response["Content-Type"] == "application/pdf"
    from .conftest import pdf_flat_text

    text = pdf_flat_text(response.content)
    assert "Dear Ms Sample" in text
    assert "CMP-2026-00042" in text


# ---- the customer ------------------------------------------------------------------------------


def test_customer_opens_their_sent_letter_with_the_progress_token(client, sent, make_case):
    token = progress_token_make(case=sent.case, email="ada.okafor@example.com")
    key = progress_letter_key(token=token, letter_id=sent.pk)
    url = reverse("letters_public:letter", args=[token, key])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == letter_bytes(sent)

    from django.template import Context, Template

    html = Template('{% include "letters/public/progress_letters.html" %}').render(
        Context({"case": sent.case, "token": token})
    )
    assert url in html


def test_customer_token_opens_only_their_own_sent_letters(
    client, sent, make_case, officer_with_phone, customer
):
    other_case = make_case(state="stage1")
    other_token = progress_token_make(case=other_case, email=customer.email)
    token = progress_token_make(case=sent.case, email=customer.email)
    key = progress_letter_key(token=token, letter_id=sent.pk)

    def status(token: str, key: str) -> int:
        return client.get(reverse("letters_public:letter", args=[token, key])).status_code

    assert status(token, key) == 200
    # Another case's link with this letter's key, or with a key made for that link.
    assert status(other_token, key) == 404
    assert status(other_token, progress_letter_key(token=other_token, letter_id=sent.pk)) == 404
    assert status("forged", key) == 404
    draft = services.letter_draft_create(
        case=sent.case, kind=LetterKind.STAGE1_RESPONSE, user=officer_with_phone
    )
    assert status(token, progress_letter_key(token=token, letter_id=draft.pk)) == 404


def test_a_progress_link_names_letters_by_an_unguessable_key_not_their_id(client, sent, customer):
    """Issue 12: the link carried the letter's database id. A stranger who changes the key
    in their own link, or a real link's key, opens nothing; the key dies with its link."""
    token = progress_token_make(case=sent.case, email=customer.email)
    html = client.get(reverse("public:progress_case", args=[token])).content.decode()
    key = progress_letter_key(token=token, letter_id=sent.pk)
    assert f"/{token}/{key}/" in html
    assert f"/{token}/{sent.pk}/" not in html
    for guess in (str(sent.pk), str(sent.pk + 1), key[:-1] + ("0" if key[-1] != "0" else "1")):
        assert client.get(reverse("letters_public:letter", args=[token, guess])).status_code == 404
    new_token = progress_token_make(case=sent.case, email=customer.email)  # replaces the link
    assert client.get(reverse("letters_public:letter", args=[token, key])).status_code == 404
    assert client.get(reverse("letters_public:letter", args=[new_token, key])).status_code == 404


def test_the_progress_page_shows_no_internal_identifier(client, sent, officer_with_phone):
    """Issue 12: the customer's page showed the SHA-256 of a sent letter."""
    token = progress_token_make(case=sent.case, email=sent.case.reply_address)
    page = client.get(reverse("public:progress_case", args=[token]))
    assert page.status_code == 200
    assert sent.sha256
    assert sent.sha256 not in page.text
    assert "SHA-256" not in page.text
    # Officers still see the fingerprint, on the letter's own page (issue 15 keeps it out of
    # the timeline's prose).
    client.force_login(officer_with_phone)
    assert sent.sha256 in client.get(reverse("letters:detail", args=[sent.pk])).text


def test_opening_a_letter_and_its_pdf_is_in_the_read_access_log(client, sent, officer_with_phone):
    from feedback.models import AccessLogEntry

    client.force_login(officer_with_phone)
    assert client.get(reverse("letters:detail", args=[sent.pk])).status_code == 200
    assert client.get(reverse("letters:pdf", args=[sent.pk])).status_code == 200
    entries = AccessLogEntry.objects.filter(kind="letter", object_id=sent.pk)
    assert entries.count() == 2
    assert {e.case_reference for e in entries} == {sent.case.reference}


def test_the_preview_pdf_is_shown_on_the_letter_page(client, draft, officer_with_phone, render):
    """Embedded with a frame of the PDF's own URL (no inline script), which the PDF allows only
    from pages of this site."""
    render(draft)
    client.force_login(officer_with_phone)
    page = client.get(reverse("letters:detail", args=[draft.pk])).content.decode()
    pdf_url = reverse("letters:pdf", args=[draft.pk])
    assert f'<iframe class="app-pdf-preview" src="{pdf_url}"' in page
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    # Every other page still refuses to be framed.
    assert client.get(reverse("letters:detail", args=[draft.pk]))["X-Frame-Options"] == "DENY"


def test_after_the_response_is_recorded_its_letter_is_preselected(
    client, stage1_case, make_case, officer_with_phone
):
    from bs4 import BeautifulSoup
    from django.template import Context, Template
    from django.test import RequestFactory

    def chosen(case):
        request = RequestFactory().get("/")
        request.user = officer_with_phone
        html = Template('{% include "letters/officer/case_panel.html" %}').render(
            Context({"case": case, "request": request, "user": officer_with_phone})
        )
        option = BeautifulSoup(html, "html.parser").select_one("#id_letter_kind option[selected]")
        return option["value"] if option else None

    assert chosen(stage1_case) == "stage1_response"  # its Stage 1 response is recorded
    unanswered = make_case(state="stage1", reference="CMP-2026-00102")
    stage_add(unanswered, 1)
    assert chosen(unanswered) is None  # nothing recorded yet: no letter is pushed
    answered = make_case(state="stage1_responded", reference="CMP-2026-00103")
    stage_complete(stage_add(answered, 1), officer_with_phone)
    assert chosen(answered) is None  # its response letter has gone: nothing more is pushed

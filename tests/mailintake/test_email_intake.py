import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from feedback.email_intake import html_to_text
from feedback.models import Case, CaseEvent, Customer, InboundEmail
from mailintake.mailboxes import DirectoryMailbox
from mailintake.services import email_intake_run
from tests.factories import CaseFactory, CustomerFactory

EML = Path(__file__).parent / "eml"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def inbox(tmp_path, settings):
    folder = tmp_path / "intake"
    folder.mkdir()
    settings.INTAKE_MAIL_DIR = folder
    return folder


def drop(inbox: Path, *names: str) -> None:
    for name in names or [p.name for p in EML.glob("*.eml")]:
        shutil.copy(EML / name, inbox / name)


@pytest.fixture
def boiler_case(organisation, housing, web_form):
    customer = CustomerFactory(organisation=organisation, email="sam@example.com")
    return CaseFactory(
        organisation=organisation,
        service=housing,
        channel=web_form,
        customer=customer,
        reference="CMP-2026-00042",
    )


def test_the_whole_folder_twice_makes_each_case_once(organisation, boiler_case, inbox):
    drop(inbox)

    first = email_intake_run()
    drop(inbox)  # the same files dropped again, and the job runs again
    second = email_intake_run()

    # 01, 02, 03, 07 are new; 04 quotes CMP-2026-00042; 05 is unreadable; 06 repeats 01.
    assert (first.created, first.added, first.failed, first.duplicate) == (4, 1, 1, 1)
    assert (second.created, second.added, second.failed) == (0, 0, 1)
    assert second.duplicate == 6
    assert Case.objects.filter(channel__slug="email").count() == 4
    assert InboundEmail.objects.count() == 6
    assert sorted(p.name for p in (inbox / "failed").iterdir()) == ["05-malformed-header.eml"]
    assert not list(inbox.glob("*.eml"))


def test_multipart_alternative_becomes_a_complaint_for_triage(organisation, inbox):
    drop(inbox, "01-multipart-alternative.eml")

    email_intake_run()

    case = Case.objects.get()
    assert case.channel.slug == "email"
    assert case.service.slug == "customer-services"
    assert case.kind == "complaint"
    assert case.summary == "Missed bin collection - Elm Road"
    assert "has not been emptied for three weeks running –\nthe crew" in case.description
    assert "<" not in case.description
    assert case.received_at == datetime(2026, 11, 19, 8, 13, 57, tzinfo=UTC)
    assert (case.customer.first_name, case.customer.last_name) == ("Margaret", "O'Brien")
    assert case.customer.email == "margaret.obrien@example.com"
    assert (inbox / "processed" / "01-multipart-alternative.eml").exists()


def test_the_sender_is_matched_to_an_existing_customer(organisation, inbox):
    known = CustomerFactory(organisation=organisation, email="Margaret.OBrien@example.com")
    drop(inbox, "01-multipart-alternative.eml")

    email_intake_run()

    # A From: header proves nothing (issue 12): the known customer is not renamed; the case
    # gets its own customer, flagged as a possible match for an officer to merge.
    case = Case.objects.get()
    assert case.customer.possible_match == known
    assert Customer.objects.count() == 2
    assert (Customer.objects.get(pk=known.pk).first_name, known.first_name) == (
        known.first_name,
        known.first_name,
    )


def test_html_only_is_reduced_to_its_text(organisation, inbox):
    drop(inbox, "02-html-only.eml")

    email_intake_run()

    case = Case.objects.get()
    assert case.summary == "Council tax bill – charged twice"
    assert "charged £142.50 twice" in case.description
    assert "Account 400123456" in case.description
    for hidden in ("alert", "tracking", "color", "Enable JavaScript", "<p>", "Council tax\n"):
        assert hidden not in case.description
    assert case.customer.first_name == "Renée"


def test_attachments_are_checked_and_refusals_noted(organisation, inbox):
    drop(inbox, "03-with-attachments.eml")

    email_intake_run()

    case = Case.objects.get()
    assert sorted(case.attachments.values_list("original_name", "content_type")) == [
        ("invoice.pdf", "application/pdf"),
        ("pothole.png", "image/png"),
    ]
    note = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert note.summary == "1 attachment(s) in the email were not accepted"
    assert note.detail.startswith("tyre-tool.exe: The selected file must be a")
    assert "tyre-tool.exe" in InboundEmail.objects.get().detail


def test_a_reply_quoting_a_reference_joins_that_case(organisation, boiler_case, inbox):
    drop(inbox, "04-reply-with-reference.eml")

    summary = email_intake_run()

    assert summary.added == 1
    assert Case.objects.count() == 1
    entry = boiler_case.events.get(kind=CaseEvent.Kind.CUSTOMER)
    assert entry.summary == "Email from the customer: RE: Your complaint CMP-2026-00042"
    assert "still has not been repaired" in entry.detail
    assert entry.is_internal
    assert list(boiler_case.attachments.values_list("original_name", flat=True)) == [
        "engineer-note.txt"
    ]
    assert InboundEmail.objects.get().case == boiler_case


def test_a_reply_from_another_address_is_flagged(organisation, boiler_case, inbox):
    boiler_case.customer.email = "someone.else@example.com"
    boiler_case.customer.save()
    drop(inbox, "04-reply-with-reference.eml")

    email_intake_run()

    entry = boiler_case.events.get(kind=CaseEvent.Kind.CUSTOMER)
    assert "(not the customer's address)" in entry.summary


def test_an_unknown_reference_opens_a_new_case(organisation, inbox):
    drop(inbox, "04-reply-with-reference.eml")

    email_intake_run()

    assert Case.objects.get().summary == "RE: Your complaint CMP-2026-00042"


def test_a_malformed_message_goes_to_failed_with_the_reason_logged(organisation, inbox, caplog):
    drop(inbox, "05-malformed-header.eml")

    summary = email_intake_run()

    assert summary.failed == 1
    assert not Case.objects.exists()
    assert (inbox / "failed" / "05-malformed-header.eml").exists()
    record = InboundEmail.objects.get()
    assert record.outcome == "failed"
    assert "sender" in record.detail
    assert "05-malformed-header.eml moved to failed" in caplog.text


def test_garbage_bytes_never_crash_the_job(organisation, inbox):
    (inbox / "binary.eml").write_bytes(b"\x00\xff\xfe" * 100)
    (inbox / "empty.eml").write_bytes(b"")
    drop(inbox, "07-no-message-id.eml")

    summary = email_intake_run()

    assert summary.failed == 2
    assert summary.created == 1


def test_a_message_without_message_id_is_recognised_by_its_content(organisation, inbox):
    drop(inbox, "07-no-message-id.eml")
    email_intake_run()
    drop(inbox, "07-no-message-id.eml")

    assert email_intake_run().duplicate == 1
    assert InboundEmail.objects.get().message_key.startswith("sha256:")


def test_the_command_and_the_task(organisation, inbox):
    from mailintake.tasks import intake_mail

    drop(inbox, "01-multipart-alternative.eml")
    call_command("intake_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    drop(inbox, "07-no-message-id.eml")

    assert intake_mail.delay().get()["created"] == 1
    assert Case.objects.count() == 2


def test_the_beat_schedule_reads_the_mailbox_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["feedback-email-intake"]
    assert (entry["task"], entry["schedule"]) == ("mailintake.tasks.intake_mail", 60)


def test_a_directory_mailbox_tolerates_a_file_moved_by_another_run(tmp_path):
    mailbox = DirectoryMailbox(tmp_path)
    mailbox.done("gone.eml", "created")  # nothing to move: no error
    assert list(mailbox.messages()) == []


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a</p><script>x()</script><p>b</p>", "a\n\nb"),
        ("<style>p{}</style>Hello<br>there", "Hello\nthere"),
        ("<!-- secret -->visible", "visible"),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_store_a_message_once(organisation):
    import threading

    from django.db import connection

    from feedback.email_intake import email_intake_process

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (required in CI)")
    raw = (EML / "01-multipart-alternative.eml").read_bytes()
    barrier = threading.Barrier(3)
    outcomes = []

    def run():
        barrier.wait()
        try:
            result = email_intake_process(organisation=organisation, raw=raw, source="01.eml")
            outcomes.append(result.outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "duplicate", "duplicate"]
    assert Case.objects.count() == 1


def test_a_reply_about_an_open_case_counts_as_chasing_and_about_a_closed_one_does_not(
    organisation, boiler_case, inbox
):
    """Seed 003, 4.7: an email quoting the reference of an open case is failure demand."""
    drop(inbox, "04-reply-with-reference.eml")
    email_intake_run()
    assert boiler_case.events.get(kind=CaseEvent.Kind.CUSTOMER).is_chaser is True
    CaseEvent.objects.all().delete()
    InboundEmail.objects.all().delete()
    Case.objects.filter(pk=boiler_case.pk).update(state="closed")
    drop(inbox, "04-reply-with-reference.eml")
    email_intake_run()
    assert boiler_case.events.get(kind=CaseEvent.Kind.CUSTOMER).is_chaser is False

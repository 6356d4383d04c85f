"""A message is known by its Message-ID and a digest of its content (issue 13): a true
duplicate is counted on the first record, a different message that reuses an ID is stored and
flagged, and nothing that arrives goes without a record an officer can find."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedback.email_intake import content_digest, email_intake_process
from feedback.models import Case, CaseEvent, InboundEmail

EML = Path(__file__).parent / "eml"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FIRST = (EML / "01-multipart-alternative.eml").read_bytes()


def process(organisation, raw: bytes, source: str):
    return email_intake_process(organisation=organisation, raw=raw, source=source, now=NOW)


@pytest.fixture
def intake_ready(organisation):
    return organisation


def test_a_redelivered_copy_is_counted_on_the_first_record_not_dropped(intake_ready):
    resent = (EML / "06-duplicate-of-01.eml").read_bytes()  # an extra transport header
    assert process(intake_ready, FIRST, "01.eml").outcome == "created"

    assert process(intake_ready, resent, "06.eml").outcome == "duplicate"

    record = InboundEmail.objects.get()
    assert (record.duplicates, record.duplicate_last_source) == (1, "06.eml")
    assert record.duplicate_last_at == NOW
    assert Case.objects.count() == 1


def test_a_different_message_reusing_a_message_id_is_stored_and_flagged(intake_ready):
    other = FIRST.replace(b"three weeks running", b"four weeks running")
    other = other.replace(b"Subject: Missed bin collection", b"Subject: Still no bin collection")
    first = process(intake_ready, FIRST, "01.eml")

    second = process(intake_ready, other, "01-again.eml")

    assert second.outcome == "created"
    assert second.case != first.case
    assert "four weeks running" in second.case.description
    earlier, later = InboundEmail.objects.order_by("pk")
    assert earlier.message_id == later.message_id == "<CAF8k2pQ1@mail.example.com>"
    assert (later.reuses_message_id_of, earlier.duplicates) == (earlier, 0)
    note = second.case.events.get(kind=CaseEvent.Kind.NOTE)
    assert "reused the Message-ID" in note.summary
    assert first.case.reference in note.detail


def test_an_unreadable_message_read_twice_keeps_one_record_with_its_count(intake_ready):
    garbage = b"\x00\xff\xfe" * 100
    assert process(intake_ready, garbage, "bad.eml").outcome == "failed"
    assert process(intake_ready, garbage, "bad-again.eml").outcome == "failed"

    record = InboundEmail.objects.get()
    assert (record.outcome, record.duplicates, record.duplicate_last_source) == (
        "failed",
        1,
        "bad-again.eml",
    )


def test_the_content_digest_ignores_line_endings_and_added_transport_headers():
    lf = FIRST.replace(b"\r\n", b"\n")  # the fixture is stored with CRLF, as sent
    relayed = b"Received: from relay.example.net\r\n" + FIRST
    assert content_digest(lf) == content_digest(FIRST) == content_digest(relayed)
    assert content_digest(FIRST.replace(b"Elm Road", b"Oak Road")) != content_digest(FIRST)

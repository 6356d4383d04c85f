"""Hypothesis over email intake, on PostgreSQL (issue 13): malformed MIME, odd and unknown
charsets, NULs, huge headers and random bytes. Every message ends with a record an officer can
find (an InboundEmail row), the job never raises, and a case is either whole (customer, first
timeline entry, its record) or absent. Bounded so the suite stays fast."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from feedback.email_intake import email_intake_process
from feedback.models import Case, CaseEvent, InboundEmail
from tests.fuzz import nasty_text

pytestmark = [pytest.mark.postgres]

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "utf-16", "x-unknown"]
ENCODINGS = ["7bit", "8bit", "quoted-printable", "base64", "x-weird", ""]


@st.composite
def raw_messages(draw) -> bytes:
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=2000))  # not a message at all
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    name = draw(nasty_text())
    subject = draw(nasty_text())
    body = draw(nasty_text())
    sender = draw(
        st.one_of(
            st.just("resident@example.com"),
            st.emails().map(str),
            nasty_text(),
        )
    )
    headers = [
        f"From: {name} <{sender}>",
        "To: complaints@example-council.gov.uk",
        f"Subject: {subject}",
        f"Message-ID: {draw(st.one_of(st.just('<same@id>'), nasty_text()))}",
        f"Date: {draw(st.one_of(st.just('Thu, 19 Nov 2026 08:13:57 +0000'), nasty_text()))}",
        "MIME-Version: 1.0",
    ]
    if draw(st.booleans()):  # multipart, perhaps with a boundary that never closes
        boundary = draw(st.sampled_from(["b1", "", "x" * 300, "b1\x00"]))
        headers.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        parts = [
            f"--b1\nContent-Type: text/plain; charset={charset}\n"
            f"Content-Transfer-Encoding: {encoding}\n\n{body}\n",
            f"--b1\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
            f'filename="{draw(nasty_text())[:300]}"\nContent-Transfer-Encoding: base64\n\n'
            f"{draw(nasty_text())[:500]}\n",
        ]
        text = "\n".join(headers) + "\n\n" + "".join(parts)
        if draw(st.booleans()):
            text += "--b1--\n"
    else:
        headers.append(f"Content-Type: text/plain; charset={charset}")
        headers.append(f"Content-Transfer-Encoding: {encoding}")
        text = "\n".join(headers) + "\n\n" + body
    if draw(st.booleans()):
        text = f"X-Huge: {'h' * draw(st.integers(1000, 200_000))}\n" + text
    return text.encode(draw(st.sampled_from(["utf-8", "latin-1"])), errors="replace")


@pytest.fixture
def fuzz_ready(organisation):
    if connection.vendor != "postgresql":
        pytest.skip("fuzzing runs on PostgreSQL (NUL and encodings differ on SQLite)")
    return organisation


@given(raw=raw_messages())
# Found by this test: undecodable header bytes became lone surrogates that PostgreSQL refused,
# so the message was retried on every run and never recorded.
@example(raw=b"From: \xff\xfe\xc3 <resident@example.com>\nSubject: \xed\xa0\x80\n\nBody")
@example(  # an attachment called "." (no file can have that name)
    raw=b"From: Ann <ann@example.com>\nSubject: Bins\nMIME-Version: 1.0\n"
    b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nBody\n'
    b'--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="."\n\nhi\n--b--\n'
)
@example(  # an attachment called NUL
    raw=b"From: Ann <ann@example.com>\nSubject: Bins\nMIME-Version: 1.0\n"
    b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nBody\n'
    b"--b\nContent-Type: application/octet-stream\n"
    b'Content-Disposition: attachment; filename="\x00"\n\nhi\n--b--\n'
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_message_leaves_a_record_and_never_a_half_saved_case(fuzz_ready, raw):
    source = f"fuzz-{uuid.uuid4().hex}.eml"

    result = email_intake_process(organisation=fuzz_ready, raw=raw, source=source, now=NOW)

    event(result.outcome)
    assert result.outcome in ("created", "added", "duplicate", "failed")
    # Its own record, or the count on the record of the same message read before.
    traces = InboundEmail.objects.filter(Q(source=source) | Q(duplicate_last_source=source))
    assert traces.count() == 1
    # Every case made from email is whole and has its record.
    email_cases = Case.objects.filter(channel__slug="email")
    assert email_cases.count() == InboundEmail.objects.filter(outcome="created").count()
    if result.outcome == "created":
        case = result.case
        assert case.customer is not None
        assert case.events.filter(kind=CaseEvent.Kind.RECEIVED).count() == 1
        assert InboundEmail.objects.get(case=case, outcome="created")

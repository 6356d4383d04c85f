"""Email intake: the shared complaints inbox feeds the single point like the web form.

Each new message becomes a case with channel "email" in the triage service (settings
INTAKE_SERVICE, Customer Services by default): the sender is the customer (matched by address),
the subject the summary, the body the description (plain text; HTML is reduced to its text with
scripts and styles dropped) and the attachments are checked like the web form's; a file that is
refused is noted on the case, never silently dropped. A message whose subject or text quotes the
reference of an existing case is added to that case's timeline instead.

A message is processed once: its key (Message-ID plus a digest of its content, so transport
headers added on redelivery do not matter) is unique in InboundEmail and written in the case's
transaction. Reading the same message again is counted on its row; a different message that
reuses a Message-ID (some mail clients and broken gateways do) is stored and flagged on its
case's timeline, never skipped. This module takes one raw message at a time
(`email_intake_process`); reading the mailbox (an IMAP folder or a folder of .eml files) is the
`mailintake` app's job, which calls it.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from bs4 import BeautifulSoup, Comment
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F

from . import clock
from .models import Case, CaseEvent, Channel, InboundEmail, Organisation, ServiceArea
from .services import CustomerDetails, attachment_add, case_create, event_record
from .uploads import upload_check

REFERENCE = re.compile(r"\b(?:CMP|COM|CPL)-\d{4}-\d{5}\b")
MAX_DESCRIPTION = 100_000
_DROPPED_TAGS = ("script", "style", "head", "title", "noscript", "template", "iframe", "object")
_BLOCK_TAGS = (
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
)


class MessageRejected(Exception):
    """The message cannot become a case (no sender, unreadable); it goes to failed/."""


@dataclass
class ParsedMessage:
    key: str
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    body: str
    received_at: datetime | None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


# --- parsing ------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """The visible text of an HTML body: no scripts, styles or comments; paragraphs and other
    blocks separated by a blank line, a <br> by a line break, table cells by a space."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROPPED_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    # Source line breaks are not visible breaks: collapse them before marking the real ones.
    for node in soup.find_all(string=True):
        node.replace_with(re.sub(r"\s+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" ")
    for tag in soup.find_all("tr"):
        tag.insert_after("\n")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in soup.get_text().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _part_text(part) -> str:
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", errors="replace")
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def _body(message: EmailMessage) -> tuple[str, object | None]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", None
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.strip(), part


def _attachments(message: EmailMessage, body_part) -> list[tuple[str, bytes]]:
    found = []
    for part in message.walk():
        if part.is_multipart() or part is body_part:
            continue
        filename = part.get_filename()
        if not filename and part.get_content_disposition() != "attachment":
            continue
        payload = part.get_payload(decode=True) or b""
        # No path separators, and only printable characters: a NUL or other control character
        # makes a name no file can have (found by fuzzing, as "." and ".." were).
        name = "".join(
            char
            for char in (filename or "").replace("/", "_").replace("\\", "_")
            if char.isprintable()
        ).strip()
        if not name.strip("."):
            name = f"attachment-{len(found) + 1}"
        found.append((name[:255], payload))
    return found


def _sender(message: EmailMessage) -> tuple[str, str]:
    header = message.get("From")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    for address in addresses:
        if address.addr_spec and "@" in address.addr_spec and " " not in address.addr_spec:
            return address.display_name.strip(), address.addr_spec.strip()
    raise MessageRejected("No readable sender address in the From header.")


def _received_at(message: EmailMessage, now: datetime) -> datetime:
    try:
        sent = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return now
    if sent is None or sent.tzinfo is None or sent > now or sent.year < 2000:
        return now
    return sent


# What makes two copies the same message: who, to whom, when, what, and the body as sent.
# Received:, Return-Path: and other headers a server adds on redelivery are left out.
_CONTENT_HEADERS = ("From", "To", "Cc", "Date", "Subject", "Content-Type")


def content_digest(raw: bytes) -> str:
    """A digest of a message's content, stable across redelivery."""
    normalised = raw.replace(b"\r\n", b"\n")
    head, _, body = normalised.partition(b"\n\n")
    digest = hashlib.sha256()
    try:
        message = email.message_from_bytes(head + b"\n\n", policy=email.policy.compat32)
        for name in _CONTENT_HEADERS:
            for value in message.get_all(name) or ():
                line = f"{name}:{' '.join(str(value).split())}\n"
                digest.update(line.encode(errors="replace"))
    except Exception:  # headers too broken to read: the bytes themselves identify it
        digest.update(head)
    digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


def message_key(raw: bytes, message_id: str | None) -> str:
    """Message-ID and content together: a reused ID with other content is another message."""
    message_id = (message_id or "").strip()
    digest = content_digest(raw)
    if message_id:
        return (
            f"mid:{hashlib.sha256(message_id.encode(errors='replace')).hexdigest()[:32]}:{digest}"
        )
    return f"sha256:{digest}"


def message_parse(raw: bytes, *, now: datetime) -> ParsedMessage:
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        message_id = " ".join(str(message.get("Message-ID") or "").split())
        key = message_key(raw, message_id)
        name, address = _sender(message)
        subject = " ".join(str(message.get("Subject") or "").split())
        body, body_part = _body(message)
        attachments = _attachments(message, body_part)
        received_at = _received_at(message, now)
    except MessageRejected:
        raise
    except Exception as exc:  # the email package raises many kinds on broken input
        raise MessageRejected(f"The message could not be read: {exc!r}") from exc
    return ParsedMessage(
        key=key,
        message_id=storable(message_id)[:255],
        sender_name=storable(name),
        sender_email=storable(address),
        subject=storable(subject),
        body=storable(body)[:MAX_DESCRIPTION],
        received_at=received_at,
        attachments=[(storable(name), content) for name, content in attachments],
    )


def storable(text: str) -> str:
    """Text PostgreSQL will store: the email package keeps undecodable header bytes as lone
    surrogates, which no database encoding accepts (found by fuzzing), and NUL is refused."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "")


# --- turning a message into a case ----------------------------------------------------------


@dataclass(frozen=True)
class IntakeResult:
    outcome: str  # created, added, duplicate, failed
    case: Case | None = None
    detail: str = ""


def _checked(attachments: list[tuple[str, bytes]]):
    accepted, refused = [], []
    for name, content in attachments:
        if len(accepted) >= settings.ATTACHMENT_MAX_FILES:
            refused.append(f"{name}: more than {settings.ATTACHMENT_MAX_FILES} files were sent")
            continue
        upload = SimpleUploadedFile(name, content)
        try:
            accepted.append((upload, upload_check(upload)))
        except ValidationError as exc:
            refused.append(f"{name}: {' '.join(exc.messages)}")
    return accepted, refused


def _customer_details(parsed: ParsedMessage) -> CustomerDetails:
    first, _, last = parsed.sender_name.partition(" ")
    return CustomerDetails(first_name=first[:100], last_name=last[:100], email=parsed.sender_email)


def _case_quoted(organisation: Organisation, parsed: ParsedMessage) -> Case | None:
    references = REFERENCE.findall(parsed.subject) or REFERENCE.findall(parsed.body[:5000])
    if not references:
        return None
    return Case.objects.filter(organisation=organisation, reference__in=references).first()


def _note_refused(case: Case, refused: list[str], now: datetime) -> None:
    if refused:
        event_record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{len(refused)} attachment(s) in the email were not accepted",
            detail="\n".join(refused),
            actor_label="Email intake",
            at=now,
        )


def _reply_add(case: Case, parsed: ParsedMessage, accepted, refused, now: datetime) -> None:
    customer_email = (case.customer.email if case.customer_id else "") or ""
    stranger = customer_email.lower() != parsed.sender_email.lower()
    event_record(
        case=case,
        kind=CaseEvent.Kind.CUSTOMER,
        summary=(
            f"Email from {parsed.sender_email} (not the customer's address): {parsed.subject}"
            if stranger
            else f"Email from the customer: {parsed.subject}"
        )[:255],
        detail=parsed.body,
        actor_label=parsed.sender_name or parsed.sender_email,
        # An email about a case still open is the customer chasing it: failure demand.
        is_chaser=case.is_open,
        at=now,
    )
    for upload, content_type in accepted:
        attachment = attachment_add(
            case=case, upload=upload, content_type=content_type, uploaded_by=None
        )
        event_record(
            case=case,
            kind=CaseEvent.Kind.ATTACHMENT,
            summary=f"Document added from email: {attachment.original_name}",
            actor_label="Email intake",
            at=now,
        )
    _note_refused(case, refused, now)


def _note_reused_id(case: Case, parsed: ParsedMessage, earlier: InboundEmail, now) -> None:
    where = f" (case {earlier.case.reference})" if earlier.case_id else ""
    event_record(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary="This email reused the Message-ID of an earlier, different email",
        detail=(
            f"Message-ID {parsed.message_id} was first used by the email read from "
            f"{earlier.source} on {clock.local_date(earlier.processed_at):%d %B %Y}{where}. "
            "The content differs, so this one was stored as its own."
        ),
        actor_label="Email intake",
        at=now,
    )


def _duplicate_count(*, key: str, source: str, now: datetime) -> bool:
    """Count a message read again on its first row. False when there is no such row."""
    return bool(
        InboundEmail.objects.filter(message_key=key).update(
            duplicates=F("duplicates") + 1,
            duplicate_last_at=now,
            duplicate_last_source=storable(source)[:255],
        )
    )


@transaction.atomic
def _message_store(
    *, organisation: Organisation, parsed: ParsedMessage, source: str, now: datetime
) -> IntakeResult:
    # The key first: a second run (or a concurrent one) fails here, before writing anything.
    earlier = (
        InboundEmail.objects.filter(message_id=parsed.message_id).order_by("pk").first()
        if parsed.message_id
        else None
    )
    record = InboundEmail.objects.create(
        organisation=organisation,
        message_key=parsed.key,
        message_id=parsed.message_id,
        reuses_message_id_of=earlier,
        source=storable(source)[:255],
        sender=parsed.sender_email[:254],
        subject=parsed.subject[:255],
        outcome=InboundEmail.Outcome.CREATED,
        processed_at=now,
    )
    accepted, refused = _checked(parsed.attachments)
    case = _case_quoted(organisation, parsed)
    if case is not None:
        _reply_add(case, parsed, accepted, refused, now)
        record.outcome = InboundEmail.Outcome.ADDED
    else:
        case = case_create(
            organisation=organisation,
            kind=settings.INTAKE_KIND,
            service=ServiceArea.objects.get(
                organisation=organisation, slug=settings.INTAKE_SERVICE
            ),
            channel=Channel.objects.get(organisation=organisation, slug="email"),
            summary=(parsed.subject or "Email with no subject")[:200],
            description=parsed.body or "(The email had no text.)",
            customer_details=_customer_details(parsed),
            received_at=parsed.received_at,
            attachments=accepted,
            now=now,
        )
        _note_refused(case, refused, now)
    if earlier is not None:
        _note_reused_id(case, parsed, earlier, now)
    record.case = case
    record.detail = "\n".join(refused)
    record.save(update_fields=["outcome", "case", "detail"])
    return IntakeResult(outcome=record.outcome, case=case, detail=record.detail)


def email_intake_failure_record(
    *, organisation: Organisation, raw: bytes, source: str, reason: str, now: datetime
) -> None:
    """Record a message that could not be processed (once: the same bytes fail once)."""
    try:
        with transaction.atomic():
            InboundEmail.objects.create(
                organisation=organisation,
                message_key=message_key(raw, None),
                source=storable(source)[:255],
                outcome=InboundEmail.Outcome.FAILED,
                detail=storable(reason),
                processed_at=now,
            )
    except IntegrityError:  # the same bytes failed before: counted on that row
        _duplicate_count(key=message_key(raw, None), source=source, now=now)


def email_intake_process(
    *, organisation: Organisation, raw: bytes, source: str, now: datetime | None = None
) -> IntakeResult:
    """Turn one raw message into a case (or a timeline entry of the case it quotes). Never
    raises for a bad message: the result says `failed` and why."""
    now = now or clock.now()
    try:
        parsed = message_parse(raw, now=now)
    except MessageRejected as exc:
        email_intake_failure_record(
            organisation=organisation, raw=raw, source=source, reason=str(exc), now=now
        )
        return IntakeResult(outcome="failed", detail=str(exc))
    if _duplicate_count(key=parsed.key, source=source, now=now):
        return IntakeResult(outcome="duplicate")
    try:
        return _message_store(organisation=organisation, parsed=parsed, source=source, now=now)
    except IntegrityError:
        if _duplicate_count(key=parsed.key, source=source, now=now):
            return IntakeResult(outcome="duplicate")  # a concurrent run stored it first
        raise


__all__ = [
    "IntakeResult",
    "MessageRejected",
    "ParsedMessage",
    "email_intake_failure_record",
    "email_intake_process",
    "html_to_text",
    "message_parse",
]

"""Writes about feedback. Views, tasks, the admin and the API call these; none saves a model
itself. Each function is atomic: a case is never half-saved."""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction

from . import clock, hooks
from .models import (
    CASE_HISTORY,
    CUSTOMER_HISTORY,
    REFERENCE_PREFIXES,
    Attachment,
    Case,
    CaseEvent,
    CaseLink,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    FeedbackKind,
    Organisation,
    ReferenceCounter,
    ScanStatus,
    ServiceArea,
)
from .rows import row_insert_with_history
from .selectors import customer_by_email
from .states import OPEN_STATES, CaseState

P = ParamSpec("P")


def reference_next(*, organisation: Organisation, kind: str, year: int) -> str:
    """The next reference, e.g. CMP-2026-00042. Must run inside the case's transaction: the
    counter row stays locked until commit, so concurrent submissions never share a number and
    a rolled-back case does not burn one.

    One statement on both backends (PostgreSQL, and SQLite 3.35 or later): the first of a
    prefix and year inserts 1, each later one increments the row it conflicts with and reads
    the new number back."""
    prefix = REFERENCE_PREFIXES[FeedbackKind(kind)]
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, prefix, year, last_number) "  # noqa: S608
            "VALUES (%s, %s, %s, 1) ON CONFLICT (organisation_id, prefix, year) "
            f"DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [organisation.pk, prefix, year],
        )
        (number,) = cursor.fetchone()
    return f"{prefix}-{year}-{number:05d}"


def event_build(
    *,
    case: Case,
    kind: str,
    summary: str,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
    detail: str = "",
    from_state: str = "",
    to_state: str = "",
    is_internal: bool = True,
    is_chaser: bool = False,
    at: datetime | None = None,
) -> CaseEvent:
    """A timeline entry not yet stored (`event_record` stores it)."""
    return CaseEvent(
        case=case,
        organisation_id=case.organisation_id,
        at=at or clock.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        kind=kind,
        summary=summary[:255],
        detail=detail,
        from_state=from_state,
        to_state=to_state,
        is_internal=is_internal,
        is_chaser=is_chaser,
    )


def _stored(build: Callable[P, CaseEvent]) -> Callable[P, CaseEvent]:
    @functools.wraps(build)
    def record(*args: P.args, **kwargs: P.kwargs) -> CaseEvent:
        event = build(*args, **kwargs)
        event.save(force_insert=True)
        return event

    record.__doc__ = "Store a timeline entry (the arguments are `event_build`'s)."
    return record


event_record = _stored(event_build)


@dataclass(frozen=True)
class CustomerDetails:
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    preferred_format: str = "standard"
    preferred_language: str = ""
    accessibility_needs: str = ""
    representative_kind: str = ""
    representative_name: str = ""
    representative_relationship: str = ""
    representative_area: str = ""
    representative_email: str = ""
    representative_phone: str = ""
    representative_address: str = ""
    representative_consent_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.first_name,
                self.last_name,
                self.email,
                self.phone,
                self.address,
                self.representative_name,
                self.representative_email,
                self.representative_phone,
            )
        )


REPRESENTATIVE_FIELDS = (
    "representative_kind",
    "representative_name",
    "representative_relationship",
    "representative_area",
    "representative_email",
    "representative_phone",
    "representative_address",
    "representative_consent_on",
)


def _customer_values(details: CustomerDetails) -> dict:
    # The representative belongs to the case (case_create), never to the customer record.
    return {
        name: value
        for name, value in details.__dict__.items()
        if value and name not in REPRESENTATIVE_FIELDS
    }


def _customer_differs(customer: Customer, values: dict) -> bool:
    return any(
        str(getattr(customer, name) or "").strip().lower() != str(value).strip().lower()
        for name, value in values.items()
        if name != "preferred_format" or value != "standard"
    )


def customer_find_or_create(
    *, organisation: Organisation, details: CustomerDetails, trusted: bool = False
) -> Customer | None:
    """The customer these details describe: matched by email address (the single view of the
    customer), else a new record.

    Only an officer's input is `trusted` (they spoke to the person or read their letter): it
    updates the matched record. Nothing typed by someone unauthenticated (the public form, an
    email's From: header, an API client acting for the public) ever changes an existing
    customer: if it says nothing new the case joins that customer; if it differs, it makes a
    new customer flagged as a possible match, which an officer merges or keeps apart
    (`customer_match_merge`, `customer_match_dismiss`)."""
    if details.is_empty:
        return None
    values = _customer_values(details)
    existing = None
    if details.email:
        existing = customer_by_email(organisation, details.email)
    if existing is not None and (trusted or not _customer_differs(existing, values)):
        if trusted:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
        return existing
    customer = Customer(organisation=organisation, possible_match=existing, **values)
    row_insert_with_history(customer, records=CUSTOMER_HISTORY)  # and its history: one statement
    return customer


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attachment_add(
    *, case: Case, upload: UploadedFile, content_type: str, uploaded_by: AbstractBaseUser | None
) -> Attachment:
    attachment = Attachment(
        case=case,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
    )
    scanned_later = settings.CLAMD_SOCKET and settings.CLAMD_MODE == "quarantine"
    if scanned_later:
        attachment.scan_status = ScanStatus.PENDING
    attachment.file.save(attachment.sha256[:16], upload, save=False)
    attachment.save()
    if scanned_later:
        # Imported here: the quarantine module records its verdicts through this module.
        from .quarantine import attachment_scan_queue

        transaction.on_commit(lambda: attachment_scan_queue(attachment.pk))
    return attachment


def _first_case_on_a_repeated_key(insert: Callable[P, Case]) -> Callable[P, Case]:
    """A repeated `idempotency_key` returns the case stored the first time and sends nothing.
    The key is not looked up first (a read on every submission for a rare repeat): the unique
    index refuses the second insert, that attempt rolls back whole (its reference number
    too), and the first case is returned. The public form also remembers sent keys in the
    session; two truly simultaneous sends meet here."""

    @functools.wraps(insert)
    def insert_once(*args: P.args, **kwargs: P.kwargs) -> Case:
        try:
            return insert(*args, **kwargs)
        except IntegrityError:
            key = kwargs.get("idempotency_key")
            first = Case.objects.filter(idempotency_key=key).first() if key else None
            if first is None:
                raise
            return first

    return insert_once


@_first_case_on_a_repeated_key
@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    kind: str,
    service: ServiceArea,
    channel: Channel,
    summary: str,
    description: str,
    customer_details: CustomerDetails | None = None,
    customer: Customer | None = None,
    outcome_wanted: str = "",
    staff_member_named: str = "",
    category: Category | None = None,
    ground: ComplaintGround | None = None,
    received_at: datetime | None = None,
    created_by: AbstractBaseUser | None = None,
    attachments: list[tuple[UploadedFile, str]] = (),
    idempotency_key: str | None = None,
    customer_trusted: bool = False,
    now: datetime | None = None,
) -> Case:
    """Store a new piece of feedback with its reference, customer, attachments and the first
    timeline entry; the acknowledgement is queued in the same transaction and sent after commit
    (feedback.notifications). A repeated `idempotency_key`: see the decorator.

    `customer_trusted` only for details an officer took down (see customer_find_or_create);
    a representative in the details acts on this case only."""
    now = now or clock.now()
    received_at = received_at or now
    if customer is None and customer_details is not None:
        customer = customer_find_or_create(
            organisation=organisation, details=customer_details, trusted=customer_trusted
        )
    representative = {
        name: getattr(customer_details, name) or (None if name.endswith("_on") else "")
        for name in REPRESENTATIVE_FIELDS
        if customer_details is not None
    }
    if kind == FeedbackKind.COMPLAINT and not _can_reply(customer, representative):
        raise ValueError("A complaint needs a way to reply: an email, phone number or address.")
    staff = created_by if created_by is not None and created_by.is_authenticated else None
    case = Case(
        organisation=organisation,
        reference=reference_next(
            organisation=organisation, kind=kind, year=clock.local_date(received_at).year
        ),
        kind=kind,
        service=service,
        channel=channel,
        category=category,
        ground=ground,
        customer=customer,
        received_at=received_at,
        summary=summary,
        description=description,
        outcome_wanted=outcome_wanted,
        staff_member_named=staff_member_named,
        created_by=staff,
        idempotency_key=idempotency_key or None,
        **representative,
    )
    # Before the insert, so the first deadlines go in with it: one INSERT and one history row,
    # not an INSERT, an UPDATE and two history rows.
    hooks.case_received(case=case, now=now)
    received = event_build(
        case=case,
        kind=CaseEvent.Kind.RECEIVED,
        summary=f"{case.get_kind_display()} received by {channel.name.lower()}",
        actor=staff,
        actor_label="" if staff else "Customer",
        to_state=case.state,
        is_internal=False,
        at=now,
    )
    from .acknowledgements import acknowledgement_rows  # it imports this module
    from .notifications import notification_publish_on_commit

    # The acknowledgement's progress link and outbox row commit with the case, so a case is
    # never stored without its promised email (issue 13).
    acknowledgement = acknowledgement_rows(case=case)
    # The case, its history row, its first timeline entry and the acknowledgement's two rows:
    # one statement (feedback.rows).
    row_insert_with_history(
        case,
        records=CASE_HISTORY,
        pointing_at_it=[(received, "case"), *((row, "case") for row in acknowledgement or ())],
    )
    for upload, content_type in attachments:
        attachment_add(case=case, upload=upload, content_type=content_type, uploaded_by=staff)
    if acknowledgement is not None:
        notification_publish_on_commit(acknowledgement[1])
    return case


def _can_reply(customer: Customer | None, representative: dict) -> bool:
    # A representative acting with the customer's consent is a way to reply too.
    return bool(
        (customer is not None and (customer.email or customer.phone or customer.address))
        or representative.get("representative_email")
        or representative.get("representative_phone")
    )


# Officer casework. Each action writes one timeline entry saying who did what.


def _name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "nobody"
    return user.get_full_name() or user.get_username()


@transaction.atomic
def case_categorise(
    *,
    case: Case,
    category: Category | None,
    ground: ComplaintGround | None,
    service: ServiceArea,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Case:
    """Set the category and ground, and route the case to a service. An assignee who does not
    work for the new service loses the case: they would no longer be able to open it."""
    from .selectors import officer_can_see_service

    changes = []
    if category != case.category:
        changes.append(f"category {category or 'none'}")
    if ground != case.ground:
        changes.append(f"ground {ground or 'none'}")
    detail = ""
    if service != case.service:
        changes.append(f"service {case.service} → {service}")
        if case.assigned_to is not None and not officer_can_see_service(
            user=case.assigned_to, service=service
        ):
            detail = f"{_name(case.assigned_to)} no longer assigned: not an officer of {service}."
            case.assigned_to = None
    if not changes:
        return case
    case.category, case.ground, case.service = category, ground, service
    case.save(update_fields=["category", "ground", "service", "assigned_to", "updated_at"])
    event_record(
        case=case,
        kind=CaseEvent.Kind.CATEGORISED,
        summary="Categorised: " + "; ".join(changes),
        detail=detail,
        actor=actor,
        at=now,
    )
    return case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    officer: AbstractBaseUser,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Case:
    from .selectors import officer_can_see_service

    if not officer_can_see_service(user=officer, service=case.service):
        raise ValueError(f"{_name(officer)} cannot see the cases of {case.service}.")
    if case.assigned_to_id == officer.pk:
        return case
    previous = case.assigned_to
    case.assigned_to = officer
    case.save(update_fields=["assigned_to", "updated_at"])
    event_record(
        case=case,
        kind=CaseEvent.Kind.ASSIGNED,
        summary=f"Assigned to {_name(officer)}",
        detail=f"Previously {_name(previous)}." if previous else "",
        actor=actor,
        at=now,
    )
    return case


@transaction.atomic
def cases_assign(
    *,
    cases: list[Case],
    officer: AbstractBaseUser,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> list[Case]:
    """Assign several cases at once (absence cover): all or none, one timeline entry per case
    that changes hands. Refused, naming them, if the officer cannot see some of the cases."""
    from .selectors import officer_can_see_service

    # One question per service, not per case.
    allowed = {
        case.service_id: officer_can_see_service(user=officer, service=case.service)
        for case in cases
    }
    outside = sorted(case.reference for case in cases if not allowed[case.service_id])
    if outside:
        raise ValueError(f"{_name(officer)} cannot see the cases of {', '.join(outside)}.")
    return [case_assign(case=case, officer=officer, actor=actor, now=now) for case in cases]


class ReclassifyRefused(ValueError):
    """The kind of a case can no longer change (it has been triaged)."""


def case_reclassifiable(case: Case) -> bool:
    """Only before triage: afterwards the case has a lifecycle, deadlines and letters of its
    kind, and committee counts already rest on it."""
    return case.state == CaseState.RECEIVED


@transaction.atomic
def case_reclassify(
    *,
    case: Case,
    kind: str,
    reason: str,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Case:
    """Correct a case's kind before triage, with the reason on the timeline. Not a lifecycle
    transition (the state stays "received"); a category that does not fit the new kind and the
    grounds of a complaint are cleared. The reference is kept: the customer already has it."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("category", "customer")
        .get(pk=case.pk)
    )
    if not case_reclassifiable(locked):
        raise ReclassifyRefused(
            f"Only a case awaiting triage can be reclassified: this one is "
            f"{locked.get_state_display().lower()}."
        )
    if kind not in FeedbackKind.values or kind == locked.kind:
        raise ValueError("Choose a different kind of feedback.")
    if not reason.strip():
        raise ValueError("Enter why the kind was wrong.")
    if kind == FeedbackKind.COMPLAINT and (
        locked.customer is None or not _can_reply(locked.customer)
    ):
        raise ValueError("A complaint needs a way to reply: add the customer's contact details.")
    before = locked.get_kind_display()
    locked.kind = kind
    if locked.category is not None and not locked.category.fits(kind):
        locked.category = None
    if kind != FeedbackKind.COMPLAINT:
        locked.ground = None
    locked.save(update_fields=["kind", "category", "ground", "updated_at"])
    event_record(
        case=locked,
        kind=CaseEvent.Kind.CATEGORISED,
        summary=f"Reclassified from {before.lower()} to {locked.get_kind_display().lower()}",
        detail=reason.strip(),
        actor=actor,
        at=now,
    )
    case.refresh_from_db()
    return locked


@transaction.atomic
def case_link(
    *,
    case: Case,
    other: Case,
    kind: str,
    note: str = "",
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> CaseLink:
    """Link two cases about one matter (the caller has checked the actor sees both); a
    timeline entry on each. Linking a pair again changes nothing."""
    now = now or clock.now()
    if other.pk == case.pk:
        raise ValueError("A case cannot be linked to itself.")
    first, second = sorted((case, other), key=lambda c: c.pk)
    link, created = CaseLink.objects.get_or_create(
        case=first,
        other=second,
        defaults={
            "organisation": case.organisation,
            "kind": kind,
            "note": note.strip(),
            "created_by": actor,
            "created_at": now,
        },
    )
    if created:
        label = CaseLink.Kind(kind).label.lower()
        for this, that in ((case, other), (other, case)):
            event_record(
                case=this,
                kind=CaseEvent.Kind.NOTE,
                summary=f"Linked to {that.reference} ({label})",
                detail=note.strip(),
                actor=actor,
                at=now,
            )
    return link


@transaction.atomic
def case_note_add(
    *,
    case: Case,
    text: str,
    actor: AbstractBaseUser,
    chasing: bool = False,
    now: datetime | None = None,
) -> CaseEvent:
    """An internal note; with `chasing`, the record of a contact (a call, a visit) in which
    the customer chased the case, counted as failure demand in the reports."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.CUSTOMER if chasing else CaseEvent.Kind.NOTE,
        summary=("Customer chased: " if chasing else "") + (first_line[:120] or "Note"),
        is_chaser=chasing,
        detail=text.strip(),
        actor=actor,
        at=now,
    )


@transaction.atomic
def case_document_attach(
    *,
    case: Case,
    upload: UploadedFile,
    content_type: str,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Attachment:
    """`content_type` comes from feedback.uploads.upload_check, which the caller has run."""
    attachment = attachment_add(
        case=case, upload=upload, content_type=content_type, uploaded_by=actor
    )
    event_record(
        case=case,
        kind=CaseEvent.Kind.ATTACHMENT,
        summary=f"Document added: {attachment.original_name}"[:255],
        actor=actor,
        at=now,
    )
    return attachment


@transaction.atomic
def customer_adjustments_record(
    *,
    customer: Customer,
    preferred_format: str,
    preferred_language: str,
    accessibility_needs: str,
    reasonable_adjustments: str,
    review_on: date | None,
    actor: AbstractBaseUser,
) -> Customer:
    """Accessibility needs and the adjustments agreed (code 5.6: recorded, honoured, reviewed).
    The customer's history (simple-history) keeps who changed what."""
    customer.preferred_format = preferred_format
    customer.preferred_language = preferred_language
    customer.accessibility_needs = accessibility_needs
    customer.reasonable_adjustments = reasonable_adjustments
    customer.adjustments_review_on = review_on
    customer._history_user = actor  # read by simple-history for the audit row
    customer.save()
    return customer


@transaction.atomic
def customer_restriction_record(
    *,
    customer: Customer,
    restriction: str,
    review_on: date | None,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Customer:
    """Record (or lift, with an empty text) a contact restriction under the council's
    unreasonable contact policy (seed 003, 10.4). Every officer sees it on every case of the
    customer; each open case's timeline says when it was set or lifted."""
    now = now or clock.now()
    restriction = restriction.strip()
    lifted = not restriction and bool(customer.contact_restriction)
    customer.contact_restriction = restriction
    customer.contact_restriction_review_on = review_on if restriction else None
    customer.contact_restriction_set_at = now if restriction else None
    customer.contact_restriction_set_by = actor if restriction else None
    customer._history_user = actor
    customer.save()
    open_cases = list(
        Case.objects.filter(customer=customer, state__in=OPEN_STATES).values_list("pk", flat=True)
    )
    summary = "Contact restriction lifted" if lifted else "Contact restriction recorded"
    customer_events_record(
        customer=customer, case_ids=open_cases, now=now, actor=actor, summary=summary,
        detail=restriction,
    )  # fmt: skip
    return customer


def customer_events_record(
    *, customer: Customer, case_ids, now: datetime, actor, summary: str, detail: str
) -> None:
    """One timeline entry on each of `case_ids` about a change to their customer (the customer
    has no timeline of their own: what changed shows on each case it touches)."""
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=pk,
            organisation_id=customer.organisation_id,
            at=now,
            actor=actor,
            kind=CaseEvent.Kind.CUSTOMER,
            summary=summary[:255],
            detail=detail,
        )
        for pk in case_ids
    )


@transaction.atomic
def case_admin_update(*, case: Case, changed_fields: list[str], actor: AbstractBaseUser) -> Case:
    """An administrator's correction in the Django admin (never the state: that is read-only
    there), kept in the timeline like any other change."""
    case.save()
    if changed_fields:
        event_record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary="Corrected in the administration: " + ", ".join(changed_fields),
            actor=actor,
        )
    return case

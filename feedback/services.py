"""Writes about feedback. Views, tasks, the admin and the API call these; none saves a model
itself. Each function is atomic: a case is never half-saved."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from . import clock, hooks
from .models import (
    REFERENCE_PREFIXES,
    Attachment,
    Case,
    CaseEvent,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    FeedbackKind,
    Organisation,
    ReferenceCounter,
    ServiceArea,
)
from .states import OPEN_STATES


def reference_next(*, organisation: Organisation, kind: str, year: int) -> str:
    """The next reference, e.g. CMP-2026-00042. Must run inside the case's transaction: the
    counter row stays locked until commit, so concurrent submissions never share a number and
    a rolled-back case does not burn one."""
    prefix = REFERENCE_PREFIXES[FeedbackKind(kind)]
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(organisation=organisation, prefix=prefix, year=year)],
        ignore_conflicts=True,
    )
    counter = ReferenceCounter.objects.filter(organisation=organisation, prefix=prefix, year=year)
    counter.update(last_number=F("last_number") + 1)
    number = counter.values_list("last_number", flat=True).get()
    return f"{prefix}-{year}-{number:05d}"


def event_record(
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
    return CaseEvent.objects.create(
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
    representative_name: str = ""
    representative_relationship: str = ""
    representative_email: str = ""
    representative_phone: str = ""
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


def customer_find_or_create(
    *, organisation: Organisation, details: CustomerDetails, overwrite: bool = True
) -> Customer | None:
    """Match by email address (the customer's single view), else a new customer. Details the
    customer gives now update the record: they are the newest we have. With `overwrite=False`
    (the public form, where nobody has proved they own the address) they only fill blanks, so a
    stranger who types someone else's email address cannot change that person's record."""
    if details.is_empty:
        return None
    customer = None
    if details.email:
        customer = (
            Customer.objects.filter(organisation=organisation, email__iexact=details.email)
            .order_by("pk")
            .first()
        )
    is_new = customer is None
    if customer is None:
        customer = Customer(organisation=organisation)
    for name, value in details.__dict__.items():
        if value and (overwrite or is_new or not getattr(customer, name)):
            setattr(customer, name, value)
    customer.save()
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
    attachment.file.save(attachment.sha256[:16], upload, save=False)
    attachment.save()
    return attachment


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
    overwrite_customer: bool = True,
    now: datetime | None = None,
) -> Case:
    """Store a new piece of feedback with its reference, customer, attachments and the first
    timeline entry; the acknowledgement goes out after commit (feedback.tasks).

    A repeated `idempotency_key` returns the case stored the first time and sends nothing. Two
    truly simultaneous calls with one key meet the unique index: the loser raises
    IntegrityError and its transaction (reference number included) is rolled back; the caller
    then finds the winner with `case_by_idempotency_key`."""
    now = now or clock.now()
    received_at = received_at or now
    if idempotency_key:
        existing = Case.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if customer is None and customer_details is not None:
        customer = customer_find_or_create(
            organisation=organisation, details=customer_details, overwrite=overwrite_customer
        )
    if kind == FeedbackKind.COMPLAINT and (customer is None or not _can_reply(customer)):
        raise ValueError("A complaint needs a way to reply: an email, phone number or address.")
    staff = created_by if created_by is not None and created_by.is_authenticated else None
    case = Case.objects.create(
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
    )
    hooks.case_received(case=case, now=now)
    for upload, content_type in attachments:
        attachment_add(case=case, upload=upload, content_type=content_type, uploaded_by=staff)
    event_record(
        case=case,
        kind=CaseEvent.Kind.RECEIVED,
        summary=f"{case.get_kind_display()} received by {channel.name.lower()}",
        actor=staff,
        actor_label="" if staff else "Customer",
        to_state=case.state,
        is_internal=False,
        at=now,
    )
    from .tasks import send_acknowledgement_email

    if customer is not None and (customer.email or customer.representative_email):
        send_acknowledgement_email.delay_on_commit(case.pk)
    return case


def _can_reply(customer: Customer) -> bool:
    # A representative acting with the customer's consent is a way to reply too.
    return bool(
        customer.email
        or customer.phone
        or customer.address
        or customer.representative_email
        or customer.representative_phone
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
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=pk,
            organisation_id=customer.organisation_id,
            at=now,
            actor=actor,
            kind=CaseEvent.Kind.CUSTOMER,
            summary=summary,
            detail=restriction,
        )
        for pk in open_cases
    )
    return customer


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

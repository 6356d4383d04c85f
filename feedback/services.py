"""Writes about feedback. Views, tasks, the admin and the API call these; none saves a model
itself. Each function is atomic: a case is never half-saved."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from . import clock
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

    @property
    def is_empty(self) -> bool:
        return not any((self.first_name, self.last_name, self.email, self.phone, self.address))


def customer_find_or_create(
    *, organisation: Organisation, details: CustomerDetails
) -> Customer | None:
    """Match by email address (the customer's single view), else a new customer. Details the
    customer gives now update the record: they are the newest we have."""
    if details.is_empty:
        return None
    customer = None
    if details.email:
        customer = (
            Customer.objects.filter(organisation=organisation, email__iexact=details.email)
            .order_by("pk")
            .first()
        )
    if customer is None:
        customer = Customer(organisation=organisation)
    for name, value in details.__dict__.items():
        if value:
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
    now: datetime | None = None,
) -> Case:
    """Store a new piece of feedback with its reference, customer, attachments and the first
    timeline entry; the acknowledgement goes out after commit (feedback.tasks)."""
    now = now or clock.now()
    received_at = received_at or now
    if customer is None and customer_details is not None:
        customer = customer_find_or_create(organisation=organisation, details=customer_details)
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
    )
    from escalation.services import deadlines_on_receipt

    deadlines_on_receipt(case=case, now=now)
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
    return bool(customer.email or customer.phone or customer.address)

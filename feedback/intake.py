"""Services for the public feedback form: turn the checked answers into a stored case."""

from contextlib import ExitStack
from datetime import datetime
from typing import Any

from django.db import transaction

from . import clock
from .models import Case, FeedbackKind, Organisation, PreferredFormat, ServiceArea
from .reference import channel_by_slug
from .services import CustomerDetails, case_create
from .uploads import PendingUpload, pending_upload_delete, pending_upload_open

WEB_FORM_CHANNEL = "web-form"


def customer_details_from_answers(
    answers: dict[str, dict[str, Any]], *, today=None
) -> CustomerDetails:
    contact = answers.get("contact", {})
    needs = answers.get("needs", {})
    rep = answers.get("representative", {})
    acting = rep.get("acting_for") == "yes"
    preferred_format = needs.get("preferred_format") or PreferredFormat.STANDARD
    return CustomerDetails(
        first_name=contact.get("first_name", ""),
        last_name=contact.get("last_name", ""),
        email=contact.get("email", ""),
        phone=contact.get("phone", ""),
        address=contact.get("address", ""),
        postcode=contact.get("postcode", ""),
        preferred_format=preferred_format,
        preferred_language=needs.get("preferred_language", "")
        if preferred_format == PreferredFormat.OTHER_LANGUAGE
        else "",
        accessibility_needs=needs.get("accessibility_needs", ""),
        representative_name=rep.get("representative_name", "") if acting else "",
        representative_relationship=rep.get("representative_relationship", "") if acting else "",
        representative_email=rep.get("representative_email", "") if acting else "",
        representative_phone=rep.get("representative_phone", "") if acting else "",
        representative_consent_on=(today or clock.today())
        if acting and rep.get("representative_consent")
        else None,
    )


# Not atomic itself: before `case_create` (the one transaction) it only reads, and a wrapping
# transaction would turn case_create's into a savepoint, two more round trips per submission.
def public_case_submit(
    *,
    organisation: Organisation,
    answers: dict[str, dict[str, Any]],
    attachments: list[PendingUpload],
    idempotency_key: str,
    service: ServiceArea | None = None,
    now: datetime | None = None,
) -> Case:
    """Store the feedback sent through the web form. All or nothing (case_create's
    transaction): if anything fails, no case, customer or attachment row is kept and the
    customer's draft is untouched. The waiting files are deleted only once the case is
    committed. `service`: the answer's ServiceArea if the caller has read it already."""
    now = now or clock.now()
    kind = answers["kind"]["kind"]
    if service is None:
        service = ServiceArea.objects.get(
            organisation=organisation, pk=answers["service"]["service"], is_active=True
        )
    channel = channel_by_slug(organisation, WEB_FORM_CHANNEL)
    details = answers["details"]
    customer = customer_details_from_answers(answers, today=clock.local_date(now))
    with ExitStack() as stack:
        files = [
            (stack.enter_context(pending_upload_open(upload)), upload.content_type)
            for upload in attachments
        ]
        case = case_create(
            organisation=organisation,
            kind=kind,
            service=service,
            channel=channel,
            summary=details["summary"],
            description=details["description"],
            outcome_wanted=answers.get("outcome", {}).get("outcome_wanted", "")
            if kind == FeedbackKind.COMPLAINT
            else "",
            staff_member_named=details.get("staff_member_named", "")
            if kind == FeedbackKind.COMPLIMENT
            else "",
            customer_details=None if customer.is_empty else customer,
            attachments=files,
            idempotency_key=idempotency_key,
            now=now,
        )

    def _delete_waiting_files() -> None:
        for upload in attachments:
            pending_upload_delete(upload)

    transaction.on_commit(_delete_waiting_files)
    return case

"""Opening an Ombudsman case, changing its details, recording documents sent."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from escalation.selectors import calendar_for
from escalation.services import case_transition
from feedback import clock
from feedback.models import Case, Organisation, ServiceArea
from feedback.states import CaseState
from feedback.transitions import TransitionError

from ..models import (
    LIAISE,
    OPEN_OMBUDSMAN_STATES,
    OmbudsmanBody,
    OmbudsmanCase,
    OmbudsmanDocument,
    Origin,
)
from .timeline import OmbudsmanError, _actor, _next_due_refresh, _require, day, event_add


def _complaint_refer(*, case: Case, user: AbstractBaseUser | None, reason: str, now: datetime):
    """Move a complaint whose Stage 2 response has gone to "with the Ombudsman", through the
    lifecycle's own transition (escalation owns `Case.state`). The system (user None) leaves
    the complaint as it is: the lifecycle's transitions are an officer's."""
    if case.state != CaseState.STAGE2_RESPONDED or user is None:
        return
    try:
        case_transition(
            case=case, name="refer_to_ombudsman", user=user, reason=reason, data={}, now=now
        )
    except TransitionError as error:
        raise OmbudsmanError(f"The complaint could not be referred: {error.message}") from error


def complaint_close_if_done(
    *, ombudsman_case: OmbudsmanCase, user: AbstractBaseUser | None, now: datetime
) -> None:
    """When the Ombudsman's case ends, the complaint it held "with the Ombudsman" closes too,
    unless another Ombudsman case about it is still open."""
    if not ombudsman_case.case_id or ombudsman_case.is_open or user is None:
        return
    case = Case.objects.get(pk=ombudsman_case.case_id)
    still_open = case.ombudsman_cases.filter(state__in=list(OPEN_OMBUDSMAN_STATES))
    if case.state != CaseState.OMBUDSMAN or still_open.exists():
        return
    reason = f"{ombudsman_case}: {ombudsman_case.get_state_display().lower()}"
    try:
        case_transition(case=case, name="close", user=user, reason=reason, data={}, now=now)
    except TransitionError as error:
        raise OmbudsmanError(f"The complaint could not be closed: {error.message}") from error


@transaction.atomic
def ombudsman_case_open(
    *,
    organisation: Organisation,
    user: AbstractBaseUser | None,
    body: OmbudsmanBody,
    ombudsman_reference: str,
    enquiry_received_on: date,
    summary: str,
    case: Case | None = None,
    service: ServiceArea | None = None,
    origin: str | None = None,
    complainant_name: str = "",
    investigator_name: str = "",
    investigator_email: str = "",
    investigator_phone: str = "",
    response_due: date | None = None,
    assigned_to: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> OmbudsmanCase:
    """Record an Ombudsman's enquiry. The council's response deadline is the body's default
    (20 working days) after the enquiry arrived, unless the enquiry gives another."""
    _require(user, LIAISE)
    now = now or clock.now()
    if body.organisation_id != organisation.pk:
        raise OmbudsmanError("Choose one of this council's Ombudsmen.")
    if case is not None:
        service = case.service
        if origin is None:
            at_stage1 = case.state in (CaseState.STAGE1, CaseState.STAGE1_RESPONDED)
            origin = Origin.STAGE1_ONLY if at_stage1 else Origin.AFTER_PROCEDURE
        if not complainant_name and case.customer_id:
            complainant_name = case.customer.full_name
    elif service is None:
        raise OmbudsmanError("Choose the service the Ombudsman's enquiry is about.")
    origin = origin or Origin.NOT_SEEN
    if response_due is None:
        response_due = calendar_for(organisation).add_working_days(
            enquiry_received_on, body.response_days
        )
    if OmbudsmanCase.objects.filter(body=body, ombudsman_reference=ombudsman_reference).exists():
        raise OmbudsmanError(f"{body.short_name} {ombudsman_reference} is already recorded.")
    ombudsman_case = OmbudsmanCase.objects.create(
        organisation=organisation,
        body=body,
        case=case,
        origin=origin,
        service=service,
        ombudsman_reference=ombudsman_reference,
        summary=summary,
        complainant_name=complainant_name,
        investigator_name=investigator_name,
        investigator_email=investigator_email,
        investigator_phone=investigator_phone,
        enquiry_received_on=enquiry_received_on,
        response_due=response_due,
        next_due=response_due,
        assigned_to=assigned_to,
        created_by=_actor(user),
    )
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"Enquiry received from the {body.name}; response due {day(response_due)}",
        user=user,
        at=now,
        to_state=ombudsman_case.state,
    )
    if case is not None:
        _complaint_refer(
            case=case,
            user=user,
            reason=f"{body.name} enquiry {ombudsman_reference}",
            now=now,
        )
    return ombudsman_case


UPDATABLE_FIELDS = (
    "ombudsman_reference",
    "summary",
    "complainant_name",
    "investigator_name",
    "investigator_email",
    "investigator_phone",
    "enquiry_received_on",
    "response_due",
    "comments_due",
    "assigned_to",
    "service",
)


@transaction.atomic
def ombudsman_case_update(
    *,
    ombudsman_case: OmbudsmanCase,
    user: AbstractBaseUser | None,
    changes: dict,
    reason: str = "",
    now: datetime | None = None,
) -> OmbudsmanCase:
    """Change the details (e.g. a deadline the Ombudsman agreed to extend); the timeline says
    what changed from what."""
    _require(user, LIAISE)
    now = now or clock.now()
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise OmbudsmanError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    service_changed = "service" in changes and ombudsman_case.case_id
    if service_changed and changes["service"] != ombudsman_case.case.service:
        raise OmbudsmanError("The service comes from the council's complaint.")
    if "ombudsman_reference" in changes:
        clash = OmbudsmanCase.objects.filter(
            body=ombudsman_case.body, ombudsman_reference=changes["ombudsman_reference"]
        ).exclude(pk=ombudsman_case.pk)
        if clash.exists():
            raise OmbudsmanError("Another case already has that Ombudsman reference.")
    lines = []
    for name, value in changes.items():
        old = getattr(ombudsman_case, name)
        if old == value:
            continue
        label = OmbudsmanCase._meta.get_field(name).verbose_name
        lines.append(f"{label[:1].upper()}{label[1:]}: {_show(old)} → {_show(value)}")
        setattr(ombudsman_case, name, value)
    if not lines:
        return ombudsman_case
    ombudsman_case.save()
    _next_due_refresh(ombudsman_case)
    detail = "\n".join(lines) + (f"\nReason: {reason}" if reason else "")
    event_add(
        ombudsman_case=ombudsman_case, summary="Details changed", user=user, at=now, detail=detail
    )
    return ombudsman_case


def _show(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, date):
        return f"{day(value)}"
    return str(value)


@transaction.atomic
def document_record(
    *,
    ombudsman_case: OmbudsmanCase,
    user: AbstractBaseUser | None,
    description: str,
    sent_on: date,
    now: datetime | None = None,
) -> OmbudsmanDocument:
    _require(user, LIAISE)
    now = now or clock.now()
    document = OmbudsmanDocument.objects.create(
        ombudsman_case=ombudsman_case,
        description=description,
        sent_on=sent_on,
        sent_by=_actor(user),
    )
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"Sent to the Ombudsman on {day(sent_on)}: {description}",
        user=user,
        at=now,
    )
    return document

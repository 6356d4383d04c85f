"""What the lifecycle's transitions do besides the state change, named in each transition's
`step(prepare=..., apply=...)` in escalation.lifecycle.

`prepare(case, *, actor, data, now)` checks and cleans what the officer gave (`data`) before
the state changes, raising TransitionInvalid with field errors; `apply(case, *, actor, data,
now, reason)` writes what the new state implies (stages, triage record, emails). Both run
inside the engine's transaction.
"""

from datetime import datetime

from django.contrib.auth import get_user_model

from feedback.models import Case
from feedback.transitions import TransitionInvalid

from . import emails
from .models import CaseTriage, RefusalReason, TriageOutcome
from .selectors import stage2_reviewer_refusal
from .stages import stage_answer, stage_open


def _triage_record(case: Case, actor, now: datetime, outcome: str, **values) -> CaseTriage:
    triage, _ = CaseTriage.objects.update_or_create(
        case=case,
        defaults={
            "organisation_id": case.organisation_id,
            "outcome": outcome,
            "decided_by": actor if actor is not None and actor.is_authenticated else None,
            "decided_at": now,
            **values,
        },
    )
    return triage


def refusal_reason_clean(case: Case, *, actor, data: dict, now: datetime) -> None:
    value = data.get("refusal_reason")
    reason_id = getattr(value, "pk", value)
    reason = (
        RefusalReason.objects.filter(
            organisation_id=case.organisation_id, is_active=True, pk=reason_id
        ).first()
        if reason_id
        else None
    )
    if reason is None:
        raise TransitionInvalid(
            "Choose why it is not accepted as a complaint.",
            field_errors={"refusal_reason": "Choose why it is not accepted as a complaint"},
        )
    data["refusal_reason"] = reason


def _forwarded_to_clean(data: dict, *, required: bool) -> None:
    name = (data.get("forwarded_to") or "").strip()
    if required and not name:
        raise TransitionInvalid(
            "Enter the organisation it was forwarded to.",
            field_errors={"forwarded_to": "Enter the organisation it was forwarded to"},
        )
    data["forwarded_to"] = name[:200]


def forwarded_to_required(case: Case, *, actor, data: dict, now: datetime) -> None:
    _forwarded_to_clean(data, required=True)


def forwarded_to_optional(case: Case, *, actor, data: dict, now: datetime) -> None:
    _forwarded_to_clean(data, required=False)


def stage2_request_clean(case: Case, *, actor, data: dict, now: datetime) -> None:
    request_reason = (data.get("request_reason") or data.get("reason") or "").strip()
    if not request_reason:
        raise TransitionInvalid(
            "Enter why the customer wants a Stage 2 review.",
            field_errors={"request_reason": "Enter why the customer wants a Stage 2 review"},
        )
    data["request_reason"] = request_reason
    handler = data.get("handler")
    if handler not in (None, ""):
        handler_id = getattr(handler, "pk", handler)
        user = get_user_model().objects.filter(pk=handler_id, is_active=True).first()
        if user is None:
            raise TransitionInvalid(
                "Choose who reviews the complaint.",
                field_errors={"handler": "Choose who reviews the complaint"},
            )
        refusal = stage2_reviewer_refusal(case=case, user=user)
        if refusal:
            raise TransitionInvalid(
                refusal,
                field_errors={
                    "handler": "Choose someone other than the officer who handled or "
                    "answered Stage 1"
                },
            )
        data["handler"] = user
    else:
        data["handler"] = None


# --- apply: the writes after the state change -------------------------------------------


def triaged_as_resolved_at_first_contact(case, *, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.RESOLVED_AT_FIRST_CONTACT)


def triaged_as_service_request(case, *, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.SERVICE_REQUEST)


def not_accepted(case, *, actor, data, now, reason):
    refusal = data["refusal_reason"]
    _triage_record(case, actor, now, TriageOutcome.NOT_ACCEPTED, refusal_reason=refusal)
    emails.customer_email(
        case=case,
        key="not-accepted",
        subject="We cannot take your complaint forward",
        template="not_accepted",
        refusal=refusal,
    )


def forwarded(case, *, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.FORWARDED, forwarded_to=data["forwarded_to"])
    emails.customer_email(
        case=case,
        key="forwarded",
        subject="We have passed on what you told us",
        template="forwarded",
        forwarded_to=data["forwarded_to"],
    )


def stage1_open(case, *, actor, data, now, reason):
    """Stage 1 opens on receipt; accepting it is its acknowledgement (the clock of a Code
    policy starts now)."""
    _triage_record(case, actor, now, TriageOutcome.COMPLAINT)
    stage = stage_open(
        case=case,
        stage=1,
        opened_at=case.received_at,
        acknowledged_at=now,
        handler=case.assigned_to,
    )
    emails.customer_email(
        case=case,
        key="stage1-accepted",
        subject="We are looking into your complaint",
        template="stage1_accepted",
        stage=stage,
    )


def stage_answered(stage: int):
    def apply(case, *, actor, data, now, reason):
        stage_answer(case=case, stage=stage, responder=actor, now=now)

    return apply


def stage2_open(case, *, actor, data, now, reason):
    """Stage 2 opens on the customer's request; the request is acknowledged at once."""
    handler = data.get("handler")
    stage = stage_open(
        case=case,
        stage=2,
        opened_at=now,
        acknowledged_at=now,
        handler=handler,
        request_reason=data["request_reason"],
    )
    if handler is not None:
        case.assigned_to = handler
    elif case.assigned_to is not None and stage2_reviewer_refusal(case=case, user=case.assigned_to):
        # Whoever answered Stage 1 may not review it: the service manager picks a reviewer.
        case.assigned_to = None
    emails.customer_email(
        case=case,
        key="stage2-acknowledged",
        subject="We have received your request for a Stage 2 review",
        template="stage2_acknowledged",
        stage=stage,
    )
    recipients = {u for u in (case.assigned_to, case.service.manager) if u is not None}
    for recipient in recipients:
        emails.officer_email(
            case=case,
            user=recipient,
            key=f"stage2-requested:{case.reference}:{recipient.pk}",
            subject=f"Stage 2 review requested: {case.reference}",
            template="officer_stage2_requested",
            stage=stage,
        )


def acknowledged(case, *, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.ACKNOWLEDGED)


def passed_to_service(case, *, actor, data, now, reason):
    _triage_record(
        case, actor, now, TriageOutcome.PASSED_TO_SERVICE, forwarded_to=data["forwarded_to"]
    )


def withdrawn(case, *, actor, data, now, reason):
    emails.customer_email(
        case=case,
        key="withdrawn",
        subject="Your complaint has been withdrawn",
        template="withdrawn",
    )

"""What each transition needs besides the state change: its label, the fields its form asks
for, validation before the change (`prepare`) and the writes after it (`apply`).

`escalation.services.case_transition` runs them all in one transaction with the django-fsm
method and the timeline entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from feedback import clock
from feedback.models import Case

from . import emails
from .exceptions import TransitionInvalid
from .models import CaseStage, CaseTriage, RefusalReason, TriageOutcome
from .stages import stage_answer, stage_open
from .states import CaseState


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    description: str
    # The summary written to the timeline (customer-visible unless internal).
    summary: str
    fields: tuple[str, ...] = ()
    reason_label: str = "Reason"
    reason_required: bool = True
    internal: bool = False
    button_class: str = ""
    officer: bool = True
    prepare: Callable | None = None
    apply: Callable | None = None
    extra: dict = field(default_factory=dict)


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


def _clean_refusal(case: Case, data: dict) -> None:
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


def _clean_forwarded_to(case: Case, data: dict, *, required: bool = True) -> None:
    name = (data.get("forwarded_to") or "").strip()
    if required and not name:
        raise TransitionInvalid(
            "Enter the organisation it was forwarded to.",
            field_errors={"forwarded_to": "Enter the organisation it was forwarded to"},
        )
    data["forwarded_to"] = name[:200]


def _clean_stage2_request(case: Case, data: dict) -> None:
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
        stage1_handler = (
            CaseStage.objects.filter(case=case, stage=1)
            .values_list("handler_id", flat=True)
            .first()
        )
        if user is None:
            raise TransitionInvalid(
                "Choose who reviews the complaint.",
                field_errors={"handler": "Choose who reviews the complaint"},
            )
        if stage1_handler is not None and user.pk == stage1_handler:
            raise TransitionInvalid(
                "The Stage 2 review must be done by someone other than the Stage 1 handler.",
                field_errors={
                    "handler": "Choose someone other than the officer who handled Stage 1"
                },
            )
        data["handler"] = user
    else:
        data["handler"] = None


# --- apply hooks ----------------------------------------------------------------------


def _apply_resolved_first_contact(case, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.RESOLVED_AT_FIRST_CONTACT)


def _apply_service_request(case, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.SERVICE_REQUEST)


def _apply_not_accepted(case, actor, data, now, reason):
    refusal = data["refusal_reason"]
    _triage_record(case, actor, now, TriageOutcome.NOT_ACCEPTED, refusal_reason=refusal)
    emails.customer_email(
        case=case,
        key="not-accepted",
        subject="We cannot take your complaint forward",
        template="not_accepted",
        refusal=refusal,
    )


def _apply_forward(case, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.FORWARDED, forwarded_to=data["forwarded_to"])
    emails.customer_email(
        case=case,
        key="forwarded",
        subject="We have passed on what you told us",
        template="forwarded",
        forwarded_to=data["forwarded_to"],
    )


def _apply_complaint(case, actor, data, now, reason):
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


def _apply_respond(stage: int):
    def apply(case, actor, data, now, reason):
        stage_answer(case=case, stage=stage, responder=actor, now=now)

    return apply


def _apply_stage2(case, actor, data, now, reason):
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
    else:
        stage1 = CaseStage.objects.filter(case=case, stage=1).values("handler_id").first()
        if (
            case.assigned_to_id is not None
            and stage1
            and stage1["handler_id"] == case.assigned_to_id
        ):
            # The Stage 1 handler may not review their own work: the service manager picks
            # a reviewer.
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


def _apply_acknowledge(case, actor, data, now, reason):
    _triage_record(case, actor, now, TriageOutcome.ACKNOWLEDGED)


def _apply_pass_to_service(case, actor, data, now, reason):
    _triage_record(
        case, actor, now, TriageOutcome.PASSED_TO_SERVICE, forwarded_to=data["forwarded_to"]
    )


def _apply_withdraw(case, actor, data, now, reason):
    emails.customer_email(
        case=case,
        key="withdrawn",
        subject="Your complaint has been withdrawn",
        template="withdrawn",
    )


SPECS: dict[str, TransitionSpec] = {
    spec.name: spec
    for spec in [
        TransitionSpec(
            "triage_complaint",
            "Accept as a Stage 1 complaint",
            "Start the formal investigation; the customer is told when to expect a reply.",
            "Accepted as a Stage 1 complaint",
            apply=_apply_complaint,
            reason_required=False,
        ),
        TransitionSpec(
            "triage_resolve_at_first_contact",
            "Resolved at first contact",
            "A service request put right straight away; it is not a complaint stage.",
            "Resolved as a service request at first contact",
            reason_label="What was done",
            apply=_apply_resolved_first_contact,
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "triage_service_request",
            "Pass to the service as a service request",
            "A first request to provide or fix a service: the service deals with it.",
            "Passed to the service as a service request",
            apply=_apply_service_request,
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "service_request_resolve",
            "Service request resolved",
            "The service has done what was asked.",
            "Service request resolved",
            reason_label="What was done",
            apply=None,
        ),
        TransitionSpec(
            "triage_not_accepted",
            "Not accepted as a complaint",
            "Another route applies or it is too late; the customer is told why and of the "
            "Ombudsman.",
            "Not accepted as a complaint",
            fields=("refusal_reason",),
            prepare=_clean_refusal,
            apply=_apply_not_accepted,
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "triage_forward",
            "Forward to another organisation",
            "It is for another organisation or partner; the customer is told who.",
            "Forwarded to another organisation",
            fields=("forwarded_to",),
            prepare=_clean_forwarded_to,
            apply=_apply_forward,
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "acknowledge",
            "Acknowledge",
            "Thank the customer and record that it was acknowledged.",
            "Acknowledged",
            reason_required=False,
            apply=_apply_acknowledge,
        ),
        TransitionSpec(
            "pass_to_service",
            "Pass to the service or staff member",
            "Send it to the service, or to the manager of the staff member praised.",
            "Passed to the service",
            fields=("forwarded_to",),
            reason_required=False,
            prepare=lambda case, data: _clean_forwarded_to(case, data, required=False),
            apply=_apply_pass_to_service,
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "stage1_respond",
            "Record Stage 1 response as sent",
            "The response letter has gone: the customer now has the time the policy allows "
            "to ask for a Stage 2 review.",
            "Stage 1 response sent",
            reason_required=False,
            apply=_apply_respond(1),
        ),
        TransitionSpec(
            "stage2_escalate",
            "Customer asks for Stage 2",
            "Log the customer's request for a review (within the escalation window).",
            "Stage 2 review requested",
            fields=("request_reason", "handler"),
            reason_required=False,
            prepare=_clean_stage2_request,
            apply=_apply_stage2,
        ),
        TransitionSpec(
            "stage2_respond",
            "Record Stage 2 response as sent",
            "The review's response letter has gone: the customer may now go to the Ombudsman.",
            "Stage 2 response sent",
            reason_required=False,
            apply=_apply_respond(2),
        ),
        TransitionSpec(
            "refer_to_ombudsman",
            "Referred to the Ombudsman",
            "The Ombudsman has told us the customer complained to it.",
            "Referred to the Ombudsman",
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "close",
            "Close",
            "Nothing more is due on this case.",
            "Closed",
            button_class="govuk-button--secondary",
        ),
        TransitionSpec(
            "withdraw",
            "Withdrawn by the customer",
            "The customer has told us they no longer want us to look into it.",
            "Withdrawn",
            apply=_apply_withdraw,
            button_class="govuk-button--warning",
        ),
    ]
}

STATE_LABELS = dict(CaseState.choices)


def now_or_clock(now: datetime | None) -> datetime:
    return now or clock.now()

"""Writes about a stage's response and deadline: the response itself (outcome, reasons,
remedies, outstanding actions, lessons learned) and extensions. None changes the case's state:
the respond transitions do that once the letter has gone."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from feedback import clock
from feedback.models import Case, CaseEvent
from feedback.selectors import cases_visible_to
from feedback.services import event_record
from feedback.states import CaseState
from feedback.transitions import TransitionInvalid, TransitionNotAllowed, TransitionNotPermitted

from . import deadlines, emails, hooks
from .models import CaseStage, DeadlineExtension, Outcome, OutstandingAction, Remedy
from .selectors import calendar_for, stage2_reviewer_refusal

RUNNING = {CaseState.STAGE1: 1, CaseState.STAGE2: 2}


@dataclass(frozen=True)
class RemedyInput:
    kind: str
    description: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: AbstractBaseUser
    due_date: date


def _may_answer(user: AbstractBaseUser, case: Case, stage: int) -> bool:
    perm = "feedback.investigate_case" if stage == 1 else "feedback.review_case"
    return bool(
        user.is_authenticated
        and user.has_perm(perm)
        and cases_visible_to(user).filter(pk=case.pk).exists()
    )


def _running_stage(case: Case) -> CaseStage:
    stage = RUNNING.get(case.state)
    if stage is None:
        raise TransitionNotAllowed("No stage is waiting for a response on this case.")
    return CaseStage.objects.select_related("policy").get(case=case, stage=stage)


@transaction.atomic
def stage_response_record(
    *,
    case: Case,
    user: AbstractBaseUser,
    complaint_understood: str,
    outcome: str,
    outcome_reasons: str,
    lessons_learned: str = "",
    remedies: list[RemedyInput] | None = None,
    actions: list[ActionInput] | None = None,
    now: datetime | None = None,
) -> CaseStage:
    """Record (or correct) the response of the running stage before its letter is written.
    Remedies and actions given replace those recorded before; None keeps them."""
    now = now or clock.now()
    case_stage = _running_stage(case)
    if not _may_answer(user, case, case_stage.stage):
        raise TransitionNotPermitted("You are not allowed to record this response.")
    refusal = stage2_reviewer_refusal(case=case, user=user) if case_stage.stage == 2 else ""
    if refusal:
        raise TransitionNotPermitted(refusal)
    errors = {}
    if not complaint_understood.strip():
        errors["complaint_understood"] = "Enter the complaint as the council understood it"
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if not outcome_reasons.strip():
        errors["outcome_reasons"] = "Enter the reasons for the decision"
    for remedy in remedies or ():
        if remedy.kind not in Remedy.Kind.values or not remedy.description.strip():
            errors["remedies"] = "Give each remedy a kind and a description"
        if remedy.kind == Remedy.Kind.FINANCIAL and not remedy.amount:
            errors["remedies"] = "Enter the amount of the financial redress"
    for action in actions or ():
        if not action.description.strip() or action.owner is None or action.due_date is None:
            errors["actions"] = "Give each outstanding action a description, an owner and a date"
    if errors:
        raise TransitionInvalid("The response is not complete.", field_errors=errors)
    case_stage.complaint_understood = complaint_understood.strip()
    case_stage.outcome = outcome
    case_stage.outcome_reasons = outcome_reasons.strip()
    case_stage.lessons_learned = lessons_learned.strip()
    case_stage.response_recorded_by = user
    case_stage.save(
        update_fields=[
            "complaint_understood",
            "outcome",
            "outcome_reasons",
            "lessons_learned",
            "response_recorded_by",
        ]
    )
    organisation_id = case.organisation_id
    if remedies is not None:
        case_stage.remedies.all().delete()
        Remedy.objects.bulk_create(
            Remedy(
                organisation_id=organisation_id,
                case_stage=case_stage,
                kind=r.kind,
                description=r.description.strip(),
                amount=r.amount if r.kind == Remedy.Kind.FINANCIAL else None,
            )
            for r in remedies
        )
    if actions is not None:
        case_stage.actions.filter(completed_at__isnull=True).delete()
        OutstandingAction.objects.bulk_create(
            OutstandingAction(
                organisation_id=organisation_id,
                case_stage=case_stage,
                description=a.description.strip(),
                owner=a.owner,
                due_date=a.due_date,
            )
            for a in actions
        )
    event_record(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{case_stage.get_stage_display()} response recorded: "
        f"{case_stage.get_outcome_display().lower()}",
        actor=user,
        at=now,
    )
    return case_stage


@transaction.atomic
def outstanding_action_complete(
    *, action: OutstandingAction, user: AbstractBaseUser, now: datetime | None = None
) -> OutstandingAction:
    now = now or clock.now()
    case = action.case_stage.case
    if not _may_answer(user, case, 1) and action.owner_id != user.pk:
        raise TransitionNotPermitted("You are not allowed to complete this action.")
    if action.completed_at is None:
        action.completed_at = now
        action.save(update_fields=["completed_at"])
        event_record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Outstanding action done: {action.description[:200]}",
            actor=user,
            at=now,
        )
    return action


@transaction.atomic
def remedy_payment_record(
    *,
    remedy: Remedy,
    user: AbstractBaseUser,
    amount_paid: Decimal,
    paid_on: date,
    approved_by: AbstractBaseUser,
    now: datetime | None = None,
) -> Remedy:
    """Record the payment of a financial redress offered in a response: what was paid (it may
    differ from the offer), the date it was paid and who approved it. The reports total these
    payments by the date paid (seed 003, 1.1.5.8), not the offers."""
    now = now or clock.now()
    case = remedy.case_stage.case
    if not _may_answer(user, case, 1):
        raise TransitionNotPermitted("You are not allowed to record this payment.")
    errors = {}
    if remedy.kind != Remedy.Kind.FINANCIAL:
        errors["amount_paid"] = "Only a financial redress can be paid"
    elif amount_paid is None or amount_paid <= 0:
        errors["amount_paid"] = "Enter the amount paid, in pounds"
    if paid_on is None:
        errors["paid_on"] = "Enter the date the payment was made"
    elif paid_on > clock.local_date(now):
        errors["paid_on"] = "The payment date must be today or in the past"
    if approved_by is None:
        errors["approved_by"] = "Choose who approved the payment"
    if errors:
        raise TransitionInvalid("The payment was not recorded.", field_errors=errors)
    remedy.amount_paid = amount_paid
    remedy.paid_on = paid_on
    remedy.payment_approved_by = approved_by
    remedy.save(update_fields=["amount_paid", "paid_on", "payment_approved_by"])
    approver = approved_by.get_full_name() or approved_by.get_username()
    event_record(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Compensation paid: £{amount_paid:.2f} on {paid_on:%-d %B %Y}, "
        f"approved by {approver}",
        actor=user,
        at=now,
    )
    return remedy


@transaction.atomic
def stage_deadline_extend(
    *,
    case: Case,
    user: AbstractBaseUser,
    new_due: date,
    reason: str,
    now: datetime | None = None,
) -> DeadlineExtension:
    """Extend the running stage's response deadline, within the policy's maximum counted from
    the original deadline, with a reason. The customer is emailed the new date, the reason and
    the Ombudsman's details; the letters app adds the holding letter (PDF)."""
    now = now or clock.now()
    case_stage = _running_stage(case)
    if not _may_answer(user, case, 1):
        raise TransitionNotPermitted("You are not allowed to extend this deadline.")
    calendar = calendar_for(case.organisation)
    limit = deadlines.extension_limit(case_stage.policy, calendar, case_stage.response_due_original)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why the deadline must move (the customer is told)"
    if new_due is None:
        errors["new_due"] = "Enter the new deadline"
    elif new_due <= case_stage.response_due:
        errors["new_due"] = f"The new deadline must be after {case_stage.response_due:%-d %B %Y}"
    elif new_due > limit:
        errors["new_due"] = f"The policy allows an extension to {limit:%-d %B %Y} at the latest"
    elif not calendar.is_working_day(new_due):
        errors["new_due"] = "The new deadline must be a working day"
    if errors:
        raise TransitionInvalid("The deadline was not extended.", field_errors=errors)
    extension = DeadlineExtension.objects.create(
        organisation_id=case.organisation_id,
        case_stage=case_stage,
        previous_due=case_stage.response_due,
        new_due=new_due,
        reason=reason.strip(),
        extended_by=user,
        extended_at=now,
    )
    case_stage.response_due = new_due
    case_stage.extension_reason = extension.reason
    case_stage.extended_at = now
    case_stage.save(update_fields=["response_due", "extension_reason", "extended_at"])
    # A queryset update: the case's state is not touched, so no stale-state save can fail.
    Case.objects.filter(pk=case.pk).update(respond_by=new_due, overdue_since=None, updated_at=now)
    case.respond_by, case.overdue_since = new_due, None
    event_record(
        case=case,
        kind=CaseEvent.Kind.DEADLINE,
        summary=f"{case_stage.get_stage_display()} response deadline extended to "
        f"{new_due:%-d %B %Y}",
        detail=extension.reason,
        actor=user,
        is_internal=False,
        at=now,
    )
    count = case_stage.extensions.count()
    emails.customer_email(
        case=case,
        key=f"extension:{case_stage.stage}:{count}",
        subject="We need more time to answer your complaint",
        template="extension",
        stage=case_stage,
        extension=extension,
    )
    # The holding letter (PDF: new date, reason, Ombudsman): the letters app drafts it.
    hooks.deadline_extended(case=case, user=user, now=now)
    return extension

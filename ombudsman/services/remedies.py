"""Remedies the Ombudsman recommends, and the council's compliance with them."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from feedback import clock

from ..models import (
    COMPLY,
    LIAISE,
    UPHELD_DECISIONS,
    OmbudsmanCase,
    OmbudsmanState,
    RecommendedRemedy,
    RemedyKind,
)
from .timeline import OmbudsmanError, _next_due_refresh, _require, day, event_add


@dataclass(frozen=True)
class RemedyInput:
    kind: str
    description: str
    due_on: date
    amount: Decimal | None = None
    owner: AbstractBaseUser | None = None


def _remedy_create(
    *, ombudsman_case: OmbudsmanCase, remedy: RemedyInput, user: AbstractBaseUser | None, now
) -> RecommendedRemedy:
    if remedy.kind == RemedyKind.FINANCIAL and not remedy.amount:
        raise OmbudsmanError("Give the amount of the financial redress.")
    created = RecommendedRemedy.objects.create(
        organisation_id=ombudsman_case.organisation_id,
        ombudsman_case=ombudsman_case,
        service_id=ombudsman_case.service_id,
        kind=remedy.kind,
        description=remedy.description,
        amount=remedy.amount if remedy.kind == RemedyKind.FINANCIAL else None,
        due_on=remedy.due_on,
        owner=remedy.owner,
    )
    amount = f" (£{remedy.amount:,.2f})" if created.amount else ""
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"Remedy recommended: {created.get_kind_display()}{amount}, "
        f"due {day(remedy.due_on)}",
        user=user,
        at=now,
        detail=remedy.description,
    )
    return created


@transaction.atomic
def remedy_add(
    *,
    ombudsman_case: OmbudsmanCase,
    user: AbstractBaseUser | None,
    remedy: RemedyInput,
    now: datetime | None = None,
) -> RecommendedRemedy:
    """A remedy added after the decision was recorded (the Ombudsman may add one later)."""
    _require(user, LIAISE)
    now = now or clock.now()
    if ombudsman_case.state != OmbudsmanState.FINAL_DECISION:
        raise OmbudsmanError("Remedies are added to a case with a final decision.")
    if ombudsman_case.decision not in UPHELD_DECISIONS:
        raise OmbudsmanError("The Ombudsman recommends remedies only when it upholds a complaint.")
    created = _remedy_create(ombudsman_case=ombudsman_case, remedy=remedy, user=user, now=now)
    _next_due_refresh(ombudsman_case)
    return created


@transaction.atomic
def remedy_compliance_record(
    *,
    remedy: RecommendedRemedy,
    user: AbstractBaseUser | None,
    complied_on: date,
    evidence: str,
    sent_to_ombudsman_on: date | None = None,
    amount_paid: Decimal | None = None,
    now: datetime | None = None,
) -> RecommendedRemedy:
    """Mark a remedy done, with the evidence and when it went to the Ombudsman. Calling it again
    updates the record (e.g. to add the date the evidence was sent)."""
    _require(user, LIAISE, COMPLY)
    now = now or clock.now()
    ombudsman_case = remedy.ombudsman_case
    if ombudsman_case.state not in (
        OmbudsmanState.FINAL_DECISION,
        OmbudsmanState.REMEDIES_COMPLIED,
    ):
        raise OmbudsmanError("This case is not waiting for remedies.")
    if not evidence.strip():
        raise OmbudsmanError("Describe the evidence of compliance.")
    if complied_on > clock.local_date(now):
        raise OmbudsmanError("The date complied cannot be in the future.")
    if sent_to_ombudsman_on is not None and sent_to_ombudsman_on < complied_on:
        raise OmbudsmanError("The evidence cannot go to the Ombudsman before the remedy is done.")
    if remedy.kind == RemedyKind.FINANCIAL:
        remedy.amount_paid = amount_paid if amount_paid is not None else remedy.amount
    was_complied = remedy.is_complied
    remedy.complied_on = complied_on
    remedy.evidence = evidence
    remedy.sent_to_ombudsman_on = sent_to_ombudsman_on
    remedy.save()
    _next_due_refresh(ombudsman_case)
    when = "on time" if complied_on <= remedy.due_on else "late"
    sent = ""
    if sent_to_ombudsman_on:
        sent = f"; sent to the Ombudsman {day(sent_to_ombudsman_on)}"
    verb = "Compliance updated" if was_complied else "Remedy complied with"
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"{verb}: {remedy.get_kind_display()} on {day(complied_on)} ({when}){sent}",
        user=user,
        at=now,
        detail=evidence,
    )
    return remedy

"""The retention schedule (UK GDPR storage limitation): a closed case's personal data is kept
for a number of years set per kind and outcome, then anonymised. The statistical record stays
(kind, service, category, ground, channel, states, dates, the timeline's shape), so reports do
not change; names, contacts, free text not marked as needed, attachments and emails go. Other
apps remove their own data through `feedback.hooks.personal_data_erase`. Idempotent: an
anonymised case is never touched again; a case on legal hold is skipped."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from . import clock, hooks
from .models import (
    Case,
    CaseEvent,
    Customer,
    FeedbackKind,
    Organisation,
    RetentionRule,
)
from .models_access import ProgressLink
from .services import event_record
from .states import CaseState

logger = logging.getLogger(__name__)

REMOVED = "[Removed under the retention schedule]"
# Years after closure. Ombudsman cases longer: the Ombudsman may ask for the file later.
DEFAULT_YEARS: dict[tuple[str, str], int] = {
    (FeedbackKind.COMPLAINT, RetentionRule.Outcome.ANY): 6,
    (FeedbackKind.COMPLAINT, RetentionRule.Outcome.OMBUDSMAN): 10,
    (FeedbackKind.COMMENT, RetentionRule.Outcome.ANY): 2,
    (FeedbackKind.COMMENT, RetentionRule.Outcome.OMBUDSMAN): 2,
    (FeedbackKind.COMPLIMENT, RetentionRule.Outcome.ANY): 2,
    (FeedbackKind.COMPLIMENT, RetentionRule.Outcome.OMBUDSMAN): 2,
}
CUSTOMER_FIELDS = {
    "title": "",
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "postcode": "",
    "preferred_language": "",
    "accessibility_needs": "",
    "reasonable_adjustments": "",
    "contact_restriction": "",
}
# The case's representative is a person too; their kind (a councillor, an MP) and ward or
# constituency stay for the reports.
CASE_REPRESENTATIVE_FIELDS = {
    "representative_name": "",
    "representative_relationship": "",
    "representative_email": "",
    "representative_phone": "",
    "representative_address": "",
}
# Timeline entries whose one-line summary can carry what a person wrote.
FREE_SUMMARY_KINDS = (CaseEvent.Kind.NOTE, CaseEvent.Kind.CUSTOMER, CaseEvent.Kind.REPRESENTATIVE)


def retention_schedule(*, organisation: Organisation) -> dict[tuple[str, str], int]:
    """Years per (kind, outcome): the defaults with the council's own rules on top."""
    years = dict(DEFAULT_YEARS)
    for rule in RetentionRule.objects.filter(organisation=organisation):
        years[(rule.kind, rule.outcome)] = rule.years
    return years


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def cases_due(*, organisation: Organisation, now: datetime) -> QuerySet[Case]:
    """Closed cases past their retention period, not on hold, not yet anonymised."""
    went_to_ombudsman = Exists(
        CaseEvent.objects.filter(case=OuterRef("pk"), to_state=CaseState.OMBUDSMAN)
    )
    schedule = retention_schedule(organisation=organisation)
    due = Q()
    for (kind, outcome), years in schedule.items():
        reached = (
            Q(went_to_ombudsman=True)
            if outcome == RetentionRule.Outcome.OMBUDSMAN
            else Q(went_to_ombudsman=False)
        )
        due |= Q(kind=kind, closed_at__lte=_years_before(now, years)) & reached
    return (
        Case.objects.filter(
            organisation=organisation,
            closed_at__isnull=False,
            anonymised_at__isnull=True,
            legal_hold=False,
        )
        .annotate(went_to_ombudsman=went_to_ombudsman)
        .filter(due)
        .order_by("closed_at", "pk")
    )


@dataclass
class RetentionReport:
    dry_run: bool
    cases: list[str] = field(default_factory=list)
    on_hold: list[str] = field(default_factory=list)
    attachments: int = 0

    def lines(self) -> list[str]:
        verb = "would anonymise" if self.dry_run else "anonymised"
        lines = [f"Retention: {verb} {len(self.cases)} case(s), {self.attachments} document(s)."]
        lines += [f"  {reference}" for reference in self.cases]
        if self.on_hold:
            lines.append(f"On legal hold (kept): {', '.join(self.on_hold)}")
        return lines


def retention_run(
    *, organisation: Organisation, now: datetime | None = None, dry_run: bool = False
) -> RetentionReport:
    """Anonymise every case past its retention period (or, with dry_run, say which)."""
    now = now or clock.now()
    report = RetentionReport(dry_run=dry_run)
    due = cases_due(organisation=organisation, now=now).select_related("customer")
    for case in due.annotate(attachment_count=Count("attachments")):
        report.cases.append(case.reference)
        report.attachments += case.attachment_count
        if not dry_run:
            case_anonymise(case=case, reason="the retention schedule", now=now)
    held = Case.objects.filter(organisation=organisation, legal_hold=True, anonymised_at=None)
    report.on_hold = list(held.values_list("reference", flat=True))
    return report


def _customer_anonymise(customer: Customer, *, keep_for: Case) -> bool:
    """Blank the customer once none of their other cases still needs them."""
    still_needed = customer.cases.filter(anonymised_at__isnull=True).exclude(pk=keep_for.pk)
    if still_needed.exists():
        return False
    Customer.objects.filter(pk=customer.pk).update(**CUSTOMER_FIELDS)
    Customer.history.filter(id=customer.pk).update(**CUSTOMER_FIELDS)
    return True


@transaction.atomic
def case_anonymise(
    *,
    case: Case,
    reason: str,
    now: datetime | None = None,
    actor: AbstractBaseUser | None = None,
    detail: str = "",
) -> bool:
    """Remove the personal data of one case, keeping its statistical record. Used by the
    retention schedule and by an erasure request (with the request's reason, and `detail`
    kept on the timeline entry that records it). Returns False
    if it was already anonymised."""
    now = now or clock.now()
    locked = Case.objects.select_for_update().filter(pk=case.pk, anonymised_at__isnull=True)
    if not locked.exists():
        return False
    text = {}
    if not case.retain_text:
        text = {
            "summary": f"{case.get_kind_display()} (personal details removed)"[:200],
            "description": REMOVED,
            "outcome_wanted": "",
            "staff_member_named": "",
        }
    locked.update(anonymised_at=now, **text, **CASE_REPRESENTATIVE_FIELDS)
    Case.history.filter(id=case.pk).update(**text, **CASE_REPRESENTATIVE_FIELDS)
    # Its progress links stop opening, even while the customer (kept for another case) still
    # has the address a link was sent to.
    ProgressLink.objects.filter(case=case).delete()
    files = []
    for attachment in case.attachments.all():
        files.append(attachment.file)
        attachment.delete()
    case.events.update(detail="")
    case.events.filter(kind__in=FREE_SUMMARY_KINDS).update(summary=REMOVED)
    case.notifications.update(to="", body=REMOVED, attachment_content=None)
    case.inbound_emails.update(sender="", subject=REMOVED)
    hooks.personal_data_erase(case=case, now=now)
    if case.customer_id is not None:
        _customer_anonymise(case.customer, keep_for=case)
    event_record(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Personal data removed: {reason}"[:255],
        detail=detail,
        actor=actor,
        actor_label="" if actor else "Retention schedule",
        at=now,
    )
    # Files go once the rows are gone for good; a rollback keeps them.
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return True

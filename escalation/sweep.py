"""The deadline sweep (Celery beat, every 15 minutes) and the daily digest.

* Reminds the assigned officer `reminder_working_days` working days before a response is due.
* Marks cases overdue (`Case.overdue_since`) and tells the officer and the service manager.
* Follows up outstanding actions promised in a response once their date comes.
* Calls every function named in `settings.DEADLINE_SWEEPERS` with `now=`.

It reads only cases whose deadline falls in the window (indexed on `respond_by`), never every
open case. Running it twice, or in two workers at once, sends each notice once: a notice row
is inserted first under a unique constraint, and only the call that inserted it sends.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.module_loading import import_string

from feedback import clock
from feedback.models import Case, CaseEvent, Organisation
from feedback.services import event_record
from feedback.states import AWAITING_RESPONSE_STATES, CaseState

from . import emails
from .calendar import WorkingCalendar
from .models import CaseStage, DeadlineNotice, OutstandingAction, StagePolicy
from .selectors import calendar_for, policy_in_force

logger = logging.getLogger(__name__)

DIGEST_WORKING_DAYS = 5


@dataclass
class SweepReport:
    reminders: int = 0
    overdue: int = 0
    manager_notices: int = 0
    action_notices: int = 0
    sweepers: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def notice_send(
    *,
    case: Case,
    kind: str,
    deadline: date,
    recipient,
    subject: str,
    template: str,
    now: datetime,
    subject_key: str = "response",
    **context,
) -> bool:
    """Insert the notice, then queue its email, in one transaction; False (and nothing sent)
    when an earlier or concurrent call already inserted it."""
    try:
        with transaction.atomic():
            notice = DeadlineNotice.objects.create(
                organisation_id=case.organisation_id,
                case=case,
                kind=kind,
                deadline=deadline,
                subject_key=subject_key,
                recipient=recipient,
                sent_at=now,
            )
            emails.officer_email(
                case=case,
                user=recipient,
                key=f"deadline-notice:{notice.pk}",
                subject=subject,
                template=template,
                deadline=deadline,
                **context,
            )
            event_record(
                case=case,
                kind=CaseEvent.Kind.REMINDER,
                summary=f"{notice.get_kind_display()}: told "
                f"{recipient.get_full_name() or recipient.get_username()}",
                actor_label="System",
                at=now,
            )
    except IntegrityError:
        return False
    return True


def _awaiting(organisation: Organisation):
    return Case.objects.filter(organisation=organisation, state__in=AWAITING_RESPONSE_STATES)


def reminders_send(*, organisation: Organisation, calendar: WorkingCalendar, now: datetime) -> int:
    today = clock.local_date(now)
    longest = (
        StagePolicy.objects.filter(organisation=organisation).aggregate(
            n=Max("reminder_working_days")
        )["n"]
        or 0
    )
    if longest == 0:
        return 0
    horizon = calendar.add_working_days(today, longest)
    default = policy_in_force(organisation=organisation, stage=1, at=now)
    stage_days = (
        CaseStage.objects.filter(case=OuterRef("pk"))
        .order_by("-stage")
        .values("policy__reminder_working_days")[:1]
    )
    candidates = (
        _awaiting(organisation)
        .due_soon(today, horizon)
        .filter(assigned_to__isnull=False)
        .select_related("assigned_to", "organisation", "service")
        .annotate(
            reminder_days=Coalesce(
                Subquery(stage_days, output_field=IntegerField()),
                Value(default.reminder_working_days if default else 0),
            )
        )
    )
    sent = _acknowledgement_reminders(
        organisation=organisation,
        calendar=calendar,
        now=now,
        days=default.reminder_working_days if default else longest,
    )
    for case in candidates:
        if calendar.working_days_between(today, case.respond_by) > case.reminder_days:
            continue
        sent += notice_send(
            case=case,
            kind=DeadlineNotice.Kind.REMINDER,
            deadline=case.respond_by,
            recipient=case.assigned_to,
            subject=f"Response due {case.respond_by:%-d %B}: {case.reference}",
            template="officer_reminder",
            now=now,
        )
    return sent


def _acknowledgement_reminders(
    *, organisation: Organisation, calendar: WorkingCalendar, now: datetime, days: int
) -> int:
    """A case not yet triaged has its acknowledgement deadline running (accepting it into
    Stage 1 acknowledges it): remind whoever it is assigned to."""
    today = clock.local_date(now)
    horizon = calendar.add_working_days(today, days)
    candidates = Case.objects.filter(
        organisation=organisation,
        state=CaseState.RECEIVED,
        acknowledged_at__isnull=True,
        acknowledge_by__gte=today,
        acknowledge_by__lte=horizon,
        assigned_to__isnull=False,
    ).select_related("assigned_to", "organisation", "service")
    sent = 0
    for case in candidates:
        sent += notice_send(
            case=case,
            kind=DeadlineNotice.Kind.REMINDER,
            deadline=case.acknowledge_by,
            subject_key="acknowledgement",
            recipient=case.assigned_to,
            subject=f"Acknowledgement due {case.acknowledge_by:%-d %B}: {case.reference}",
            template="officer_reminder_acknowledgement",
            now=now,
        )
    return sent


def overdue_mark(*, organisation: Organisation, now: datetime) -> tuple[int, int]:
    """Flag cases whose response deadline has passed; tell the officer and service manager."""
    today = clock.local_date(now)
    newly = (
        _awaiting(organisation)
        .overdue(today)
        .filter(overdue_since__isnull=True)
        .select_related("assigned_to", "service__manager", "organisation")
    )
    overdue = managers = 0
    for case in newly:
        first_day = case.respond_by + timedelta(days=1)
        # Only the call that flips the flag records the event; notices are unique anyway.
        marked = Case.objects.filter(pk=case.pk, overdue_since__isnull=True).update(
            overdue_since=first_day
        )
        if marked:
            overdue += 1
            event_record(
                case=case,
                kind=CaseEvent.Kind.DEADLINE,
                summary=f"Response deadline of {case.respond_by:%-d %B %Y} passed",
                actor_label="System",
                at=now,
            )
        if case.assigned_to is not None:
            notice_send(
                case=case,
                kind=DeadlineNotice.Kind.OVERDUE,
                deadline=case.respond_by,
                recipient=case.assigned_to,
                subject=f"Overdue: {case.reference}",
                template="officer_overdue",
                now=now,
            )
        manager = case.service.manager
        if manager is not None:
            managers += notice_send(
                case=case,
                kind=DeadlineNotice.Kind.MANAGER_OVERDUE,
                deadline=case.respond_by,
                recipient=manager,
                subject=f"Overdue in {case.service.name}: {case.reference}",
                template="manager_overdue",
                now=now,
            )
    return overdue, managers


def actions_follow_up(*, organisation: Organisation, now: datetime) -> int:
    """Outstanding actions promised in a response that has gone, due today or earlier."""
    today = clock.local_date(now)
    due = OutstandingAction.objects.filter(
        organisation=organisation,
        completed_at__isnull=True,
        due_date__lte=today,
        case_stage__responded_at__isnull=False,
    ).select_related("case_stage__case__organisation", "owner")
    sent = 0
    for action in due:
        sent += notice_send(
            case=action.case_stage.case,
            kind=DeadlineNotice.Kind.ACTION_DUE,
            deadline=action.due_date,
            subject_key=f"action:{action.pk}",
            recipient=action.owner,
            subject=f"Action due: {action.case_stage.case.reference}",
            template="officer_action_due",
            now=now,
            action=action,
        )
    return sent


def sweep_run(*, now: datetime | None = None) -> SweepReport:
    now = now or clock.now()
    report = SweepReport()
    for organisation in Organisation.objects.all():
        calendar = calendar_for(organisation)
        report.reminders += reminders_send(organisation=organisation, calendar=calendar, now=now)
        overdue, managers = overdue_mark(organisation=organisation, now=now)
        report.overdue += overdue
        report.manager_notices += managers
        report.action_notices += actions_follow_up(organisation=organisation, now=now)
    for path in settings.DEADLINE_SWEEPERS:
        import_string(path)(now=now)
        report.sweepers += 1
    return report


def digest_send(*, now: datetime | None = None) -> int:
    """One email a day per officer: their open cases overdue or due within a working week.
    The outbox key (officer and date) makes a second run that day send nothing."""
    now = now or clock.now()
    today = clock.local_date(now)
    sent = 0
    for organisation in Organisation.objects.all():
        horizon = calendar_for(organisation).add_working_days(today, DIGEST_WORKING_DAYS)
        cases = (
            _awaiting(organisation)
            .filter(assigned_to__isnull=False)
            .filter(Q(respond_by__lte=horizon) | Q(overdue_since__isnull=False))
            .select_related("assigned_to", "service")
            .order_by("assigned_to_id", "respond_by", "reference")
        )
        by_officer: dict = {}
        for case in cases:
            by_officer.setdefault(case.assigned_to, []).append(case)
        for officer, officer_cases in by_officer.items():
            notification = emails.officer_email(
                case=None,
                user=officer,
                key=f"digest:{officer.pk}:{today.isoformat()}",
                subject=f"Your cases due soon ({len(officer_cases)}): {today:%-d %B %Y}",
                template="officer_digest",
                organisation=organisation,
                cases=officer_cases,
                today=today,
            )
            sent += notification is not None
    return sent

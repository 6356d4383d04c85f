"""Reminders before, and notices after, each Ombudsman deadline: the council's response to an
enquiry, its comments on a draft decision, and each recommended remedy.

Called by escalation's deadline sweep (settings.DEADLINE_SWEEPERS) with `now=`. Safe to run
any number of times: each notice is a row with a unique key, created before its email is
queued, and only the run that created it queues the email (whose outbox key is unique too).
"""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from escalation.selectors import calendar_for
from feedback import clock
from feedback.notifications import notification_queue

from .models import (
    OmbudsmanBody,
    OmbudsmanCase,
    OmbudsmanNotice,
    OmbudsmanState,
    RecommendedRemedy,
)
from .querysets import passed_q
from .services import event_add
from .services.timeline import day

_SUBJECT_BY_STATE = {
    OmbudsmanState.ENQUIRY_RECEIVED: ("response", "the response to the Ombudsman's enquiry"),
    OmbudsmanState.DRAFT_DECISION: ("comments", "comments on the Ombudsman's draft decision"),
}


def _horizon(body: OmbudsmanBody, today: date) -> date:
    return calendar_for(body.organisation).add_working_days(today, body.reminder_working_days)


def _bodies() -> QuerySet[OmbudsmanBody]:
    return OmbudsmanBody.objects.select_related("organisation")


def _not_yet_noticed(today: date, due: str, **match: object) -> Q:
    """Rows whose notice for this deadline (a reminder before it, an overdue notice after) has
    not been made. The sweep runs every 15 minutes: without this, every overdue row would be
    looked up again on every run, for ever."""
    reminder = OmbudsmanNotice.objects.filter(
        kind=OmbudsmanNotice.Kind.REMINDER, deadline=OuterRef(due), **match
    )
    overdue = OmbudsmanNotice.objects.filter(
        kind=OmbudsmanNotice.Kind.OVERDUE, deadline=OuterRef(due), **match
    )
    passed = passed_q(today, due)
    return (~passed & ~Exists(reminder)) | (passed & ~Exists(overdue))


def response_deadlines(*, now: datetime | None = None) -> int:
    """The response and comments deadlines of cases waiting for the council. Returns how many
    notices this run sent."""
    now = now or clock.now()
    today = clock.local_date(now)
    sent = 0
    for body in _bodies():
        cases = (
            OmbudsmanCase.objects.filter(
                body=body, state__in=list(_SUBJECT_BY_STATE), next_due__lte=_horizon(body, today)
            )
            .filter(
                _not_yet_noticed(
                    today, "next_due", ombudsman_case=OuterRef("pk"), remedy__isnull=True
                )
            )
            .select_related("organisation", "body", "assigned_to", "case")
        )
        for ombudsman_case in cases:
            subject_key, what = _SUBJECT_BY_STATE[ombudsman_case.state]
            recipient = ombudsman_case.assigned_to
            sent += _notify(
                ombudsman_case=ombudsman_case,
                remedy=None,
                subject_key=subject_key,
                what=what,
                deadline=ombudsman_case.next_due,
                email=(recipient.email if recipient else "") or ombudsman_case.organisation.email,
                today=today,
                now=now,
            )
    return sent


def remedy_deadlines(*, now: datetime | None = None) -> int:
    """Each outstanding remedy's due date, to its owner (else the case's officer, else the
    complaints team). Returns how many notices this run sent."""
    now = now or clock.now()
    today = clock.local_date(now)
    sent = 0
    for body in _bodies():
        remedies = (
            RecommendedRemedy.objects.filter(
                ombudsman_case__body=body,
                ombudsman_case__state=OmbudsmanState.FINAL_DECISION,
                complied_on__isnull=True,
                due_on__lte=_horizon(body, today),
            )
            .filter(_not_yet_noticed(today, "due_on", remedy=OuterRef("pk")))
            .select_related(
                "owner",
                "ombudsman_case__organisation",
                "ombudsman_case__body",
                "ombudsman_case__assigned_to",
                "ombudsman_case__case",
            )
        )
        for remedy in remedies:
            ombudsman_case = remedy.ombudsman_case
            recipient = remedy.owner or ombudsman_case.assigned_to
            sent += _notify(
                ombudsman_case=ombudsman_case,
                remedy=remedy,
                subject_key=f"remedy-{remedy.pk}",
                what=f'the remedy "{remedy.get_kind_display()}"',
                deadline=remedy.due_on,
                email=(recipient.email if recipient else "") or ombudsman_case.organisation.email,
                today=today,
                now=now,
            )
    return sent


@transaction.atomic
def _notify(
    *,
    ombudsman_case: OmbudsmanCase,
    remedy: RecommendedRemedy | None,
    subject_key: str,
    what: str,
    deadline: date,
    email: str,
    today: date,
    now: datetime,
) -> int:
    kind = OmbudsmanNotice.Kind.OVERDUE if deadline < today else OmbudsmanNotice.Kind.REMINDER
    notice, created = OmbudsmanNotice.objects.get_or_create(
        ombudsman_case=ombudsman_case,
        kind=kind,
        subject_key=subject_key,
        deadline=deadline,
        recipient_email=email,
        defaults={
            "organisation_id": ombudsman_case.organisation_id,
            "remedy": remedy,
            "created_at": now,
        },
    )
    if not created:
        return 0
    when = f"{deadline:%A} {day(deadline)}"
    if kind == OmbudsmanNotice.Kind.OVERDUE:
        subject = f"Overdue: {what} ({ombudsman_case}) was due {when}"
    else:
        subject = f"Due {when}: {what} ({ombudsman_case})"
    link = settings.SITE_URL + reverse("ombudsman:detail", args=[ombudsman_case.pk])
    body = (
        f"{subject}.\n\n"
        f"Ombudsman: {ombudsman_case.body.name}\n"
        f"Their reference: {ombudsman_case.ombudsman_reference}\n"
        f"About: {ombudsman_case.summary}\n\n"
        f"Open the case: {link}\n"
    )
    notification_queue(
        organisation=ombudsman_case.organisation,
        key=f"ombudsman-notice:{notice.pk}",
        to=email,
        subject=subject[:200],
        body=body,
        case=ombudsman_case.case,
    )
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"{notice.get_kind_display()} notice sent to {email}: {what}, due {when}",
        user=None,
        at=now,
    )
    return 1

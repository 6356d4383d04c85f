"""Helpers every write uses: refusals, permission checks, the timeline, `next_due`."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Min

from feedback.models import CaseEvent
from feedback.services import event_record
from feedback.transitions import TransitionError

from ..models import OmbudsmanCase, OmbudsmanEvent, OmbudsmanState


def day(value: date) -> str:
    """A date as the timeline and emails write it: 8 September 2026."""
    return f"{value.day} {value:%B %Y}"


# A request the rules refuse; the message is written for the officer. The Ombudsman's
# refusals are the one engine's (feedback.transitions), so every refusal is one of these.
OmbudsmanError = TransitionError


def _require(user: AbstractBaseUser | None, *perms: str) -> None:
    if user is not None and not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def event_add(
    *,
    ombudsman_case: OmbudsmanCase,
    summary: str,
    user: AbstractBaseUser | None,
    at: datetime,
    detail: str = "",
    from_state: str = "",
    to_state: str = "",
) -> OmbudsmanEvent:
    """One timeline entry on the Ombudsman case, mirrored onto the linked complaint's timeline
    (so the complaint's history tells the whole story)."""
    actor = _actor(user)
    label = "" if actor else "System"
    event = OmbudsmanEvent.objects.create(
        ombudsman_case=ombudsman_case,
        at=at,
        actor=actor,
        actor_label=label,
        from_state=from_state,
        to_state=to_state,
        summary=summary[:255],
        detail=detail,
    )
    if ombudsman_case.case_id:
        event_record(
            case=ombudsman_case.case,
            kind=CaseEvent.Kind.OMBUDSMAN,
            summary=f"{ombudsman_case}: {summary}",
            actor=actor,
            actor_label=label,
            detail=detail,
            at=at,
        )
    return event


def _next_due_refresh(ombudsman_case: OmbudsmanCase) -> None:
    """Copy the deadline now running onto `next_due`, so lists filter overdue on one index."""
    state = ombudsman_case.state
    if state == OmbudsmanState.ENQUIRY_RECEIVED:
        due = ombudsman_case.response_due
    elif state == OmbudsmanState.DRAFT_DECISION:
        due = ombudsman_case.comments_due
    elif state == OmbudsmanState.FINAL_DECISION:
        due = ombudsman_case.remedies.filter(complied_on__isnull=True).aggregate(due=Min("due_on"))[
            "due"
        ]
    else:
        due = None
    if due != ombudsman_case.next_due:
        ombudsman_case.next_due = due
        ombudsman_case.save(update_fields=["next_due"])

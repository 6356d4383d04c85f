"""The Ombudsman case's lifecycle: one service runs every django-fsm transition."""

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from escalation.selectors import calendar_for
from feedback import clock

from ..models import (
    TRANSITION_LABELS,
    UPHELD_DECISIONS,
    OmbudsmanCase,
    OmbudsmanDocument,
    OmbudsmanState,
    Outcome,
)
from .cases import complaint_close_if_done
from .remedies import RemedyInput, _remedy_create
from .timeline import OmbudsmanError, _actor, _next_due_refresh, day, event_add

# --- Lifecycle -------------------------------------------------------------------------------
# Each transition has a `_prepare_<name>` that records what the officer tells us (dates,
# documents, the decision) before the guarded django-fsm transition runs, so its conditions
# see the new facts; a refusal rolls the whole thing back.

REFUSALS = {
    "send_information": "List at least one document sent to the Ombudsman.",
    "record_final_decision": "Give the decision and the date of the final decision.",
    "confirm_remedies_complied": "Every remedy must be marked complied with first.",
    "close": "Some remedies are not yet complied with.",
}


def _date(data: dict, key: str, now: datetime) -> date:
    value = data.get(key)
    return value if value is not None else clock.local_date(now)


def _prepare_send_information(*, ombudsman_case, user, data, now) -> str:
    sent_on = _date(data, "sent_on", now)
    descriptions = [d.strip() for d in data.get("documents", []) if d.strip()]
    OmbudsmanDocument.objects.bulk_create(
        OmbudsmanDocument(
            ombudsman_case=ombudsman_case, description=d[:255], sent_on=sent_on, sent_by=user
        )
        for d in descriptions
    )
    ombudsman_case.information_sent_on = sent_on
    lines = "\n".join(f"- {d}" for d in descriptions)
    return f"Sent on {day(sent_on)}:\n{lines}" if lines else ""


def _prepare_receive_draft_decision(*, ombudsman_case, user, data, now) -> str:
    received_on = _date(data, "received_on", now)
    comments_due = data.get("comments_due") or calendar_for(
        ombudsman_case.organisation
    ).add_working_days(received_on, ombudsman_case.body.comments_days)
    ombudsman_case.draft_decision_received_on = received_on
    ombudsman_case.comments_due = comments_due
    return f"Received {day(received_on)}; comments due {day(comments_due)}"


def _prepare_send_comments(*, ombudsman_case, user, data, now) -> str:
    sent_on = _date(data, "sent_on", now)
    ombudsman_case.comments_sent_on = sent_on
    return f"Comments sent {day(sent_on)}"


def _prepare_record_final_decision(*, ombudsman_case, user, data, now) -> str:
    decision = data.get("decision", "")
    remedies: Sequence[RemedyInput] = data.get("remedies", ())
    if remedies and decision not in UPHELD_DECISIONS:
        raise OmbudsmanError("The Ombudsman recommends remedies only when it upholds a complaint.")
    ombudsman_case.decision = decision
    ombudsman_case.decided_on = data.get("decided_on")
    ombudsman_case.decision_summary = data.get("summary", "")
    ombudsman_case.outcome = Outcome.INVESTIGATED
    if not decision:
        return ""
    return f"Decision: {ombudsman_case.get_decision_display()}"


def _after_record_final_decision(*, ombudsman_case, user, data, now) -> None:
    # After the transition, so the timeline reads: decision, then the remedies it recommends.
    for remedy in data.get("remedies", ()):
        _remedy_create(ombudsman_case=ombudsman_case, remedy=remedy, user=user, now=now)


_AFTER = {"record_final_decision": _after_record_final_decision}


def _prepare_confirm_remedies_complied(*, ombudsman_case, user, data, now) -> str:
    return ""


def _prepare_close(*, ombudsman_case, user, data, now) -> str:
    ombudsman_case.closed_on = _date(data, "closed_on", now)
    return ""


def _closure(outcome: str):
    def prepare(*, ombudsman_case, user, data, now) -> str:
        decided_on = _date(data, "decided_on", now)
        ombudsman_case.outcome = outcome
        ombudsman_case.closed_on = decided_on
        # A withdrawal is not an Ombudsman decision; the other closures are counted as ones.
        ombudsman_case.decided_on = None if outcome == Outcome.WITHDRAWN else decided_on
        ombudsman_case.decision_summary = data.get("summary", "")
        return f"{Outcome(outcome).label} on {day(decided_on)}"

    return prepare


_PREPARE = {
    "send_information": _prepare_send_information,
    "receive_draft_decision": _prepare_receive_draft_decision,
    "send_comments": _prepare_send_comments,
    "record_final_decision": _prepare_record_final_decision,
    "confirm_remedies_complied": _prepare_confirm_remedies_complied,
    "close": _prepare_close,
    "close_after_initial_enquiries": _closure(Outcome.INITIAL_ENQUIRIES),
    "close_premature": _closure(Outcome.PREMATURE),
    "withdraw": _closure(Outcome.WITHDRAWN),
}


@transaction.atomic
def ombudsman_case_transition(
    *,
    ombudsman_case: OmbudsmanCase,
    name: str,
    user: AbstractBaseUser | None,
    reason: str = "",
    data: dict | None = None,
    now: datetime | None = None,
) -> OmbudsmanCase:
    """Move an Ombudsman case on: refused with PermissionDenied for a user without the
    transition's permission, with OmbudsmanError when the state or a condition forbids it."""
    if name not in _PREPARE:
        raise OmbudsmanError("No such step.")
    now = now or clock.now()
    data = data or {}
    method = getattr(ombudsman_case, name)
    meta = method._django_fsm
    from_state = ombudsman_case.state
    transition = meta.get_transition(from_state)
    if transition is None:
        raise OmbudsmanError(
            f"{TRANSITION_LABELS[name]} is not possible: the case is "
            f"{ombudsman_case.get_state_display().lower()}."
        )
    if user is not None and not transition.has_perm(ombudsman_case, user):
        raise PermissionDenied
    detail = _PREPARE[name](ombudsman_case=ombudsman_case, user=_actor(user), data=data, now=now)
    if not meta.conditions_met(ombudsman_case, from_state):
        raise OmbudsmanError(REFUSALS.get(name, "The conditions for this step are not met."))
    method()
    ombudsman_case.save()
    from_label = OmbudsmanState(from_state).label
    detail = "\n".join(part for part in (detail, f"Reason: {reason}" if reason else "") if part)
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"{from_label} → {ombudsman_case.get_state_display()}",
        user=user,
        at=now,
        detail=detail,
        from_state=from_state,
        to_state=ombudsman_case.state,
    )
    if name in _AFTER:
        _AFTER[name](ombudsman_case=ombudsman_case, user=_actor(user), data=data, now=now)
    _next_due_refresh(ombudsman_case)
    complaint_close_if_done(ombudsman_case=ombudsman_case, user=user, now=now)
    return ombudsman_case


def ombudsman_decision_record(
    *,
    ombudsman_case: OmbudsmanCase,
    user: AbstractBaseUser | None,
    decision: str,
    decided_on: date,
    summary: str = "",
    remedies: Sequence[RemedyInput] = (),
    now: datetime | None = None,
) -> OmbudsmanCase:
    """The Ombudsman's final decision with the remedies it recommends."""
    return ombudsman_case_transition(
        ombudsman_case=ombudsman_case,
        name="record_final_decision",
        user=user,
        data={
            "decision": decision,
            "decided_on": decided_on,
            "summary": summary,
            "remedies": remedies,
        },
        now=now,
    )

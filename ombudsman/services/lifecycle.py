"""The Ombudsman case's lifecycle: one service runs every django-fsm transition."""

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser

from escalation.selectors import calendar_for
from feedback import clock
from feedback.transitions import Machine, transition_run

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

# --- What each step records (named in the transitions' `step(prepare=..., after=...)` in
# ombudsman.models). A `prepare` records what the officer tells us (dates, documents, the
# decision) before the guarded transition runs, so its conditions see the new facts, and
# returns the detail for the timeline; a refusal rolls the whole thing back.


def _date(data: dict, key: str, now: datetime) -> date:
    value = data.get(key)
    return value if value is not None else clock.local_date(now)


def information_sent(ombudsman_case, *, actor, data, now) -> str:
    sent_on = _date(data, "sent_on", now)
    descriptions = [d.strip() for d in data.get("documents", []) if d.strip()]
    OmbudsmanDocument.objects.bulk_create(
        OmbudsmanDocument(
            ombudsman_case=ombudsman_case, description=d[:255], sent_on=sent_on, sent_by=actor
        )
        for d in descriptions
    )
    ombudsman_case.information_sent_on = sent_on
    lines = "\n".join(f"- {d}" for d in descriptions)
    return f"Sent on {day(sent_on)}:\n{lines}" if lines else ""


def draft_decision_received(ombudsman_case, *, actor, data, now) -> str:
    received_on = _date(data, "received_on", now)
    comments_due = data.get("comments_due") or calendar_for(
        ombudsman_case.organisation
    ).add_working_days(received_on, ombudsman_case.body.comments_days)
    ombudsman_case.draft_decision_received_on = received_on
    ombudsman_case.comments_due = comments_due
    return f"Received {day(received_on)}; comments due {day(comments_due)}"


def comments_sent(ombudsman_case, *, actor, data, now) -> str:
    sent_on = _date(data, "sent_on", now)
    ombudsman_case.comments_sent_on = sent_on
    return f"Comments sent {day(sent_on)}"


def final_decision_given(ombudsman_case, *, actor, data, now) -> str:
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


def recommended_remedies_add(ombudsman_case, *, actor, data, now, reason) -> None:
    # After the decision's timeline entry, so the timeline reads: decision, then its remedies.
    for remedy in data.get("remedies", ()):
        _remedy_create(ombudsman_case=ombudsman_case, remedy=remedy, user=actor, now=now)


def closed_on_given(ombudsman_case, *, actor, data, now) -> str:
    ombudsman_case.closed_on = _date(data, "closed_on", now)
    return ""


def _closure(outcome: str, ombudsman_case, data, now) -> str:
    decided_on = _date(data, "decided_on", now)
    ombudsman_case.outcome = outcome
    ombudsman_case.closed_on = decided_on
    # A withdrawal is not an Ombudsman decision; the other closures are counted as ones.
    ombudsman_case.decided_on = None if outcome == Outcome.WITHDRAWN else decided_on
    ombudsman_case.decision_summary = data.get("summary", "")
    return f"{Outcome(outcome).label} on {day(decided_on)}"


def closed_after_initial_enquiries(ombudsman_case, *, actor, data, now) -> str:
    return _closure(Outcome.INITIAL_ENQUIRIES, ombudsman_case, data, now)


def closed_as_premature(ombudsman_case, *, actor, data, now) -> str:
    return _closure(Outcome.PREMATURE, ombudsman_case, data, now)


def withdrawn(ombudsman_case, *, actor, data, now) -> str:
    return _closure(Outcome.WITHDRAWN, ombudsman_case, data, now)


# --- The engine's view of an Ombudsman case ------------------------------------------------


def _timeline(ombudsman_case, *, name, step, actor, actor_label, reason, detail, from_state, now):
    detail = "\n".join(part for part in (detail, f"Reason: {reason}" if reason else "") if part)
    event_add(
        ombudsman_case=ombudsman_case,
        summary=f"{OmbudsmanState(from_state).label} → {ombudsman_case.get_state_display()}",
        user=actor,
        at=now,
        detail=detail,
        from_state=from_state,
        to_state=ombudsman_case.state,
    )


def _after_each(ombudsman_case, *, actor, now) -> None:
    _next_due_refresh(ombudsman_case)
    complaint_close_if_done(ombudsman_case=ombudsman_case, user=actor, now=now)


OMBUDSMAN_CASES = Machine(
    state_label=lambda state: OmbudsmanState(state).label,
    timeline=_timeline,
    after=_after_each,
    noun="Ombudsman case",
)


def ombudsman_case_transition(
    *,
    ombudsman_case: OmbudsmanCase,
    name: str,
    user: AbstractBaseUser | None,
    reason: str = "",
    data: dict | None = None,
    now: datetime | None = None,
    as_system: bool = False,
) -> OmbudsmanCase:
    """Move an Ombudsman case on through the one engine. A person's step checks the step's
    permission (TransitionNotPermitted, a PermissionDenied, when they lack it, and when there
    is no person at all); only a caller that says `as_system=True` (a data import) skips it.
    A refusal by the state or a condition is a TransitionError (OmbudsmanError)."""
    if name not in TRANSITION_LABELS:
        raise OmbudsmanError("No such step.")
    return transition_run(
        obj=ombudsman_case,
        name=name,
        machine=OMBUDSMAN_CASES,
        actor=_actor(user),
        check_permission=not as_system,
        reason=reason,
        data=data,
        now=now or clock.now(),
    )


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

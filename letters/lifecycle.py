"""The letter's lifecycle through the one engine (feedback.transitions): draft → awaiting
approval → approved → sent, or draft → sent where no rule asks for approval. The transitions
themselves are declared on `Letter` (letters.models); every step leaves an entry on the case's
timeline: who, when, and the comments given."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from feedback import clock
from feedback.models import CaseEvent
from feedback.services import event_record
from feedback.transitions import Machine, Step, transition_run

from .models import Letter, LetterKind


def _pages(pages: int | None) -> str:
    return f"{pages} page{'s' if pages != 1 else ''}." if pages else ""


def _timeline(
    letter: Letter, *, name, step: Step, actor, actor_label, reason, detail, from_state, now
) -> None:
    kind = letter.get_kind_display()
    if name == "send":
        how = "by email" if letter.delivery == Letter.Delivery.EMAIL else "by post"
        summary = f"{kind} sent {how}"
        # Readable prose: the hash that proves the bytes stays on the letter, not in the
        # timeline (the customer reads this entry on their progress page).
        detail = _pages(letter.pages)
        internal = letter.kind == LetterKind.COMPLIMENT_MANAGER_NOTE
    else:
        summary = f"{kind} {step.summary}"
        detail = f"{step.reason_label}: {reason}" if reason else ""
        internal = True
    event_record(
        case=letter.case,
        kind=CaseEvent.Kind.LETTER,
        summary=summary,
        detail=detail,
        actor=actor,
        actor_label=actor_label or ("" if actor is not None else "System"),
        is_internal=internal,
        at=now,
    )


LETTERS = Machine(
    state_label=lambda state: Letter.Status(state).label,
    timeline=_timeline,
    noun="letter",
)


def _staff(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def letter_transition(
    *,
    letter: Letter,
    name: str,
    user: AbstractBaseUser | None,
    reason: str = "",
    now: datetime | None = None,
) -> Letter:
    """Run one step of the letter's lifecycle. A person's step checks its permission; only
    the system (no signed-in user: the demo, a task) skips it."""
    staff = _staff(user)
    return transition_run(
        obj=letter,
        name=name,
        machine=LETTERS,
        actor=staff,
        check_permission=staff is not None,
        reason=reason,
        now=now or clock.now(),
    )

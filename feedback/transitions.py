"""The one transition engine: every state change of a case, an Ombudsman case or anything else
with a django-fsm lifecycle runs through `transition_run`.

A lifecycle declares each transition once, as a django-fsm method whose decorator carries
everything about it: source, target, permission, conditions (`condition`, with the message a
person reads when it fails) and, in `custom=step(...)`, its label, the data it asks for, the
checks that depend on the time, and its side effects. The engine knows nothing of what a
case or a stage is; the wings describe their objects with a `Machine` (how to name a state,
how to write the timeline entry).

A refused transition raises one of the errors below and saves nothing: views show `message`
(and `field_errors` inline); the API maps them to 400 / 403 / 409.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.module_loading import import_string
from django_fsm import ConcurrentTransition


class TransitionError(Exception):
    """A transition did not happen; nothing was saved."""

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class TransitionNotPermitted(TransitionError, PermissionDenied):
    """The user's role does not allow it (HTTP 403; a PermissionDenied, so a view that lets it
    through answers 403 too)."""


class TransitionNotAllowed(TransitionError):
    """The state does not allow it, or a condition is not met (HTTP 409)."""


class TransitionInvalid(TransitionError):
    """The data given is incomplete or wrong (HTTP 400); `field_errors` says where."""


class TransitionConflict(TransitionError):
    """Someone else changed the object first (HTTP 409): reload and look again."""


# A check that depends on the time: returns "" when it passes, else what a person reads.
Check = Callable[[Any, datetime], str]
# A side effect (Step.prepare / apply / after). It may be named by its dotted path where the
# function lives above the model that declares the transition (the model cannot import it).
Effect = Callable[..., Any] | str | None


M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Step:
    """What a transition means to people and what it does besides the state change."""

    label: str
    description: str = ""
    summary: str = ""  # the timeline entry's words; the label when not given
    fields: tuple[str, ...] = ()
    reason_label: str = "Reason"
    reason_required: bool = False
    internal: bool = False  # no customer-visible milestone
    officer: bool = True  # offered on officer pages and in the API
    button_class: str = ""
    checks: tuple[Check, ...] = ()
    prepare: Effect = None  # before the state changes: (obj, *, actor, data, now) -> detail
    apply: Effect = None  # after it, before the save: (obj, *, actor, data, now, reason)
    after: Effect = None  # after the timeline entry: (obj, *, actor, data, now, reason)

    def __post_init__(self) -> None:
        if not self.summary:
            object.__setattr__(self, "summary", self.label)


@cache
def _resolved(effect: Callable[..., Any] | str) -> Callable[..., Any]:
    return import_string(effect) if isinstance(effect, str) else effect


def _run(effect: Effect, obj: Model, **kwargs: Any) -> Any:
    return _resolved(effect)(obj, **kwargs) if effect is not None else None


def step(**values: Any) -> dict[str, Step]:
    """`@transition(..., custom=step(label=..., apply=...))`."""
    return {"step": Step(**values)}


def condition(message: str) -> Callable:
    """A django-fsm condition with the sentence shown when it is not met."""

    def decorate(func: Callable) -> Callable:
        func.message = message  # type: ignore[attr-defined]
        return func

    return decorate


def any_perm(*perms: str) -> Callable[[Any, Any], bool]:
    """A django-fsm permission met by any of `perms` (an active, signed-in user)."""

    def check(instance: Any, user: Any) -> bool:
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and any(user.has_perm(p) for p in perms)
        )

    return check


@dataclass(frozen=True)
class Machine:
    """How the engine treats one kind of object."""

    state_label: Callable[[str], str]
    # (obj, name, step, actor, actor_label, reason, detail, from_state, now) -> None
    timeline: Callable[..., None]
    # After every transition, inside its transaction (e.g. the next deadline to show).
    after: Callable[..., None] | None = None
    noun: str = "case"


@dataclass(frozen=True)
class TransitionOption:
    name: str
    label: str
    description: str
    button_class: str
    step: Step = field(compare=False, repr=False)


def _field_name(meta) -> str:
    # A string until django-fsm resolves it to the field when the model class is prepared.
    return meta.field if isinstance(meta.field, str) else meta.field.name


def _state(obj: Model, meta) -> str:
    return getattr(obj, _field_name(meta))


def _fsm(obj: Model, name: str):
    method = getattr(obj, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        return None, None, None
    return method, meta, meta.get_transition(_state(obj, meta))


def step_of(obj: Model, name: str) -> Step | None:
    """The Step of transition `name` of `obj`'s class."""
    return steps_by_name(type(obj)).get(name)


@cache
def steps_by_name(model: type[Model]) -> dict[str, Step]:
    """{name: Step} of every transition of `model`, in the order the lifecycle declares them."""
    steps = {}
    for name in transition_names(model):
        meta = getattr(model, name)._django_fsm
        found = [t.custom["step"] for t in meta.transitions.values() if "step" in t.custom]
        if found:
            steps[name] = found[0]
    return steps


def unmet(obj: Model, transition, now: datetime) -> str:
    """What stops `transition` now: the first failing condition's message, or ""."""
    for check in transition.conditions:
        if not check(obj):
            return getattr(check, "message", "This cannot be done yet.")
    for timed in transition.custom.get("step", Step("")).checks:
        problem = timed(obj, now)
        if problem:
            return problem
    return ""


def transition_names(model: type[Model]) -> list[str]:
    """Every transition of `model`, in the order the lifecycle declares them."""
    seen: dict[str, None] = {}
    for klass in model.__mro__:
        for candidate in vars(klass).values():
            if hasattr(candidate, "_django_fsm"):
                seen.setdefault(candidate.__name__, None)
    return list(seen)


def transitions_offered(*, obj: Model, user: Any, now: datetime) -> list[TransitionOption]:
    """What `user` may do to `obj` now: its state allows it, its conditions and checks are met
    and the user has the permission. In the lifecycle's own order, for stable buttons."""
    return [
        TransitionOption(name, spec.label, spec.description, spec.button_class, spec)
        for name, spec, problem in _officer_transitions(obj, user, now)
        if not problem
    ]


def transitions_blocked(*, obj: Model, user: Any, now: datetime) -> list[tuple[Step, str]]:
    """What the user's role allows from this state but is not possible yet, with what is
    missing ("Send the Stage 1 response letter first")."""
    return [(spec, problem) for _, spec, problem in _officer_transitions(obj, user, now) if problem]


def _officer_transitions(obj: Model, user: Any, now: datetime):
    if user is None or not user.is_authenticated:
        return
    for name, spec in steps_by_name(type(obj)).items():
        _, _, current = _fsm(obj, name)
        if current is None or not spec.officer or not current.has_perm(obj, user):
            continue
        yield name, spec, unmet(obj, current, now)


def transition_run(
    *,
    obj: M,
    name: str,
    machine: Machine,
    actor: Any,
    check_permission: bool,
    now: datetime,
    actor_label: str = "",
    reason: str = "",
    data: dict | None = None,
) -> M:
    """Run transition `name` on `obj` for `actor`, all or nothing.

    `check_permission` is explicit: an officer's action checks the transition's permission
    (and is refused when there is no signed-in actor); only a caller that has proved the
    person some other way (the customer's progress link, the system's own sweep) passes False.
    The row is locked first, and if its state is no longer the one `obj` was read in, the
    caller gets TransitionConflict: whoever acted first wins, the other is told so.
    """
    method, meta, current = _fsm(obj, name)
    if meta is None:
        raise TransitionInvalid(f"There is no action called “{name}”.")
    spec = step_of(obj, name)
    if spec is None:
        raise TransitionInvalid(f"There is no action called “{name}”.")
    from_state = _state(obj, meta)
    if current is None:
        raise TransitionNotAllowed(
            f"This {machine.noun} is “{machine.state_label(from_state)}”: "
            f"“{spec.label}” is not possible now."
        )
    if check_permission and (actor is None or not current.has_perm(obj, actor)):
        raise TransitionNotPermitted(f"You are not allowed to do “{spec.label}” here.")
    reason = (reason or "").strip()
    if spec.reason_required and not reason:
        raise TransitionInvalid(
            f"Enter the {spec.reason_label.lower()}.",
            field_errors={"reason": f"Enter the {spec.reason_label.lower()}"},
        )
    data = dict(data or {})
    try:
        with transaction.atomic():
            _lock_unchanged(obj, meta, from_state)
            detail = _run(spec.prepare, obj, actor=actor, data=data, now=now)
            problem = unmet(obj, current, now)
            if problem:
                raise TransitionNotAllowed(problem)
            method(now)
            _run(spec.apply, obj, actor=actor, data=data, now=now, reason=reason)
            obj.save()
            machine.timeline(
                obj,
                name=name,
                step=spec,
                actor=actor,
                actor_label=actor_label,
                reason=reason,
                detail=detail or "",
                from_state=from_state,
                now=now,
            )
            _run(spec.after, obj, actor=actor, data=data, now=now, reason=reason)
            if machine.after is not None:
                machine.after(obj, actor=actor, now=now)
    except (ConcurrentTransition, IntegrityError) as exc:
        obj.refresh_from_db()
        raise TransitionConflict(
            f"Someone else changed this {machine.noun} while you were working on it: it is now "
            f"“{machine.state_label(_state(obj, meta))}”. Nothing you entered was saved; "
            "check it and try again if it is still needed."
        ) from exc
    except TransitionError:
        obj.refresh_from_db()
        raise
    return obj


def _lock_unchanged(obj: Model, meta, from_state: str) -> None:
    """Lock the row (PostgreSQL: a second officer waits here) and refuse if it moved on."""
    stored = (
        type(obj)
        ._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list(_field_name(meta), flat=True)
        .first()
    )
    if stored != from_state:
        raise ConcurrentTransition("changed since read")

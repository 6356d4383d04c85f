"""What we promise the public about timescales, read from the Stage 1 policy in force
(`selectors.policy_in_force`, the one rule for which policy applies) so the start page, the
confirmation page and the acknowledgement say what the policy says. Feedback's templates get
it with `{% escalation_promise organisation as promise %}` (escalation_tags): the core does
not import escalation."""

from dataclasses import dataclass
from datetime import datetime

from feedback.models import Organisation

from .models import ClockStart, Stage
from .selectors import policy_in_force


@dataclass(frozen=True)
class Promise:
    acknowledge: str  # e.g. "1 working day"
    respond: str  # e.g. "15 working days"
    respond_from: str  # e.g. "of receiving it"


DEFAULT = Promise(acknowledge="1 working day", respond="15 working days", respond_from="")


def _days(number: int, unit_label: str) -> str:
    # unit_label is "working days" or "calendar days"
    unit = unit_label if number != 1 else unit_label.rstrip("s")
    return f"{number} {unit}"


def promise_at(*, organisation: Organisation | None, at: datetime) -> Promise:
    """The timescales of the Stage 1 policy in force at `at`."""
    policy = (
        policy_in_force(organisation=organisation, stage=Stage.STAGE1, at=at)
        if organisation is not None
        else None
    )
    if policy is None:
        return DEFAULT
    return Promise(
        acknowledge=_days(
            policy.acknowledge_days_electronic, policy.get_acknowledge_unit_display()
        ),
        respond=_days(policy.respond_days, policy.get_respond_unit_display()),
        respond_from="of acknowledging it"
        if policy.clock_starts == ClockStart.ACKNOWLEDGEMENT
        else "of receiving it",
    )

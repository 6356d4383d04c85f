"""What we promise the public about timescales, read from the council's current Stage 1 policy
so the start page, the confirmation page and the acknowledgement say what the policy says."""

from dataclasses import dataclass

from . import clock
from .models import Organisation


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


def promise_current(organisation: Organisation | None) -> Promise:
    # Read-only look into escalation's policy table (escalation owns it; the dependency is
    # lazy so feedback still loads first).
    from escalation.models import ClockStart, Stage, StagePolicy

    if organisation is None:
        return DEFAULT
    policy = (
        StagePolicy.objects.filter(
            organisation=organisation, stage=Stage.STAGE1, effective_from__lte=clock.now()
        )
        .order_by("-effective_from")
        .first()
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

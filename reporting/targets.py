"""Targets per measure, shown beside the actual figures with a plain-text status (never colour
alone). A council sets its own (reporting.MeasureTarget, in the administration); where it has
set none, DEFAULT_TARGETS apply: seed 003's 80% first-contact resolution, every response within
its deadline, and the average response time within the stage timescale of the policy in force
(the Code's 10 and 20 working days when the policy counts in calendar days)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from escalation.models import DayUnit, StagePolicy
from feedback.models import Organisation

from .models import MeasureTarget

AT_LEAST = MeasureTarget.Direction.AT_LEAST
AT_MOST = MeasureTarget.Direction.AT_MOST
CODE_TIMESCALES = {1: 10, 2: 20}  # working days (Complaint Handling Code 5.8 and 6.13)


@dataclass(frozen=True)
class Target:
    key: str
    value: Decimal
    direction: str
    source: str  # where the target comes from, printed under the table

    def status(self, actual: float | None) -> str:
        """ "Met", "Not met" or "No figures", as words (the table is read, not seen)."""
        if actual is None:
            return "No figures"
        met = (
            Decimal(str(actual)) >= self.value
            if self.direction == AT_LEAST
            else Decimal(str(actual)) <= self.value
        )
        return "Met" if met else "Not met"

    @property
    def text(self) -> str:
        unit = "%" if self.key.endswith("_rate") else " working days"
        return f"{MeasureTarget.Direction(self.direction).label} {self.value}{unit}"


DEFAULT_TARGETS = {
    "first_contact_rate": (Decimal("80"), AT_LEAST, "seed 003: 80% resolved at first contact"),
    "s1_in_time_rate": (Decimal("100"), AT_LEAST, "every Stage 1 response within its deadline"),
    "s2_in_time_rate": (Decimal("100"), AT_LEAST, "every Stage 2 response within its deadline"),
}


def targets_get(*, organisation: Organisation, at: datetime) -> dict[str, Target]:
    """Every measure's target: the council's own, else the default (2 queries)."""
    targets = {
        key: Target(key, value, direction, source)
        for key, (value, direction, source) in DEFAULT_TARGETS.items()
    }
    policies = StagePolicy.objects.filter(organisation=organisation).order_by(
        "effective_from", "pk"
    )
    in_force: dict[int, StagePolicy] = {}
    for policy in policies:  # the newest in force at `at`, else the earliest (as escalation)
        if policy.effective_from <= at or policy.stage not in in_force:
            in_force[policy.stage] = policy
    for stage, days in CODE_TIMESCALES.items():
        policy = in_force.get(stage)
        if policy is not None and policy.respond_unit == DayUnit.WORKING:
            value, source = Decimal(policy.respond_days), f"the Stage {stage} policy in force"
        else:
            value, source = Decimal(days), "the Complaint Handling Code's timescale"
        targets[f"s{stage}_average_days"] = Target(f"s{stage}_average_days", value, AT_MOST, source)
    for row in MeasureTarget.objects.filter(organisation=organisation):
        targets[row.measure_key] = Target(
            row.measure_key, row.target, row.direction, "set by the council"
        )
    return targets

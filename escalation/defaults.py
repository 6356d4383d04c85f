"""Seed stage policies (DOMAIN.md "Deadlines") and the Complaint Handling Code preset."""

from datetime import datetime

from django.db import transaction

from feedback.models import Organisation

from .models import ClockStart, DayUnit, RefusalReason, Stage, StagePolicy

SEED_POLICIES = {
    # Seed 003 target 4.5: a full response within 15 working days of receipt; acknowledgement
    # in 1 working day for electronic contact (4.2), 5 for written (seed 000).
    Stage.STAGE1: dict(
        name="Council policy (seed defaults)",
        acknowledge_days_electronic=1,
        acknowledge_days_written=5,
        respond_days=15,
        respond_unit=DayUnit.WORKING,
        clock_starts=ClockStart.RECEIPT,
        max_extension_days=10,
        escalation_window_days=20,
    ),
    # Seed 002: "manage complaints within 28 days" of the request for a review.
    Stage.STAGE2: dict(
        name="Council policy (seed defaults)",
        acknowledge_days_electronic=5,
        acknowledge_days_written=5,
        respond_days=28,
        respond_unit=DayUnit.CALENDAR,
        clock_starts=ClockStart.REQUEST,
        max_extension_days=20,
    ),
}

# The LGSCO / Housing Ombudsman Complaint Handling Code: acknowledge within 5 working days;
# respond within 10 (Stage 1) or 20 (Stage 2) working days of the acknowledgement; extend by at
# most 10 or 20 working days.
CODE_POLICIES = {
    Stage.STAGE1: dict(
        name="Complaint Handling Code",
        acknowledge_days_electronic=5,
        acknowledge_days_written=5,
        respond_days=10,
        respond_unit=DayUnit.WORKING,
        clock_starts=ClockStart.ACKNOWLEDGEMENT,
        max_extension_days=10,
        escalation_window_days=20,
    ),
    Stage.STAGE2: dict(
        name="Complaint Handling Code",
        acknowledge_days_electronic=5,
        acknowledge_days_written=5,
        respond_days=20,
        respond_unit=DayUnit.WORKING,
        clock_starts=ClockStart.ACKNOWLEDGEMENT,
        max_extension_days=20,
    ),
}

REFUSAL_REASONS = [
    (
        "Another route applies (for example a statutory appeal or tribunal)",
        "The law gives you a right of appeal, which is the right way to challenge this decision.",
    ),
    (
        "More than 12 months after the customer knew of the matter",
        "You told us about this more than 12 months after you knew of it, and we have not found "
        "a good reason to look at it now.",
    ),
    ("Already investigated under this procedure", "We have already answered this complaint."),
    ("Not about a council service", "This is not about something the council is responsible for."),
    ("Legal proceedings have started", "The matter is now before a court or tribunal."),
]


@transaction.atomic
def policies_load(
    *, organisation: Organisation, policies: dict, effective_from: datetime, created_by=None
) -> list[StagePolicy]:
    return [
        StagePolicy.objects.create(
            organisation=organisation,
            stage=stage,
            effective_from=effective_from,
            created_by=created_by,
            **values,
        )
        for stage, values in policies.items()
    ]


@transaction.atomic
def refusal_reasons_load(*, organisation: Organisation) -> None:
    for position, (name, explanation) in enumerate(REFUSAL_REASONS):
        RefusalReason.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"explanation_for_customer": explanation, "position": position},
        )

"""Seed 003's measures by service and channel (1.1.1-1.1.5), with targets: the grounds of
formal complaints by service, each channel's volume, time to answer and first-contact
resolution against the target, the targets table and failure demand by service. Built from the
same `Figures` as every other table (no query of their own)."""

from .measures import PERIOD_KEYS, Figures
from .tables import PERIOD_TITLES, Table, _get
from .targets import Target

STATUS_NOTE = (
    'Status is "Met" when the figure reaches the target, "Not met" when it does not, and '
    '"No figures" when nothing was counted in the period.'
)


def grounds_by_service_table(figures: Figures) -> Table:
    """Formal complaints by grounds and service (1.1.5.2-1.1.5.4) and % of feedback reaching a
    formal stage by service (1.1.5.5)."""
    grounds = [*figures.names["ground"].items(), (None, "Grounds not recorded")]
    table = Table(
        "grounds_by_service",
        "Complaints reaching a formal stage by grounds and service (this period)",
        [
            "Service",
            *[name for _, name in grounds],
            "Reached a formal stage",
            "Feedback received",
            "% of feedback reaching a formal stage",
        ],
        note="Cases received in the period that reached Stage 1, by the grounds recorded.",
    )

    def tail(bucket) -> list:
        return [
            _get(bucket, "reached_formal", "current", "count"),
            _get(bucket, "received", "current", "count"),
            _get(bucket, "formal_rate", "current", "rate"),
        ]

    for service_id, name in figures.names["service"].items():
        cells = [
            _get(
                figures.by_service_ground.get((service_id, ground_id), {}),
                "reached_formal",
                "current",
                "count",
            )
            for ground_id, _ in grounds
        ]
        table.rows.append([name, *cells, *tail(figures.by_service.get(service_id, {}))])
    council = [
        _get(figures.by_ground.get(ground_id, {}), "reached_formal", "current", "count")
        for ground_id, _ in grounds
    ]
    table.rows.append(["Whole council", *council, *tail(figures.council)])
    return table


def channel_table(figures: Figures, targets: dict[str, Target]) -> Table:
    """Per channel: volume by kind, time to answer, resolution at first contact against the
    target (1.1.1-1.1.4)."""
    target = targets["first_contact_rate"]
    table = Table(
        "channels_performance",
        "Channels: volume, time to answer and first-contact resolution (this period)",
        [
            "Channel",
            "Feedback received",
            "Complaints",
            "Comments",
            "Compliments",
            "Stage 1 answered",
            "Stage 1 average working days to respond",
            "Resolved at first contact",
            "First-contact resolution (%)",
            "Target",
            "Status",
        ],
        note="Time to answer: working days from the start of Stage 1 to its response, for "
        "complaints that came by the channel. " + STATUS_NOTE,
    )

    def row(bucket) -> list:
        rate = _get(bucket, "first_contact_rate", "current", "rate")
        return [
            _get(bucket, "received", "current", "count"),
            _get(bucket, "received_complaint", "current", "count"),
            _get(bucket, "received_comment", "current", "count"),
            _get(bucket, "received_compliment", "current", "count"),
            _get(bucket, "s1_answered", "current", "count"),
            _get(bucket, "s1_average_days", "current", "mean"),
            _get(bucket, "first_contact", "current", "count"),
            rate,
            target.text,
            target.status(rate),
        ]

    for channel_id, name in figures.names["channel"].items():
        bucket = figures.by_channel.get(channel_id)
        if bucket:
            table.rows.append([name, *row(bucket)])
    table.rows.append(["Whole council", *row(figures.council)])
    return table


TARGET_LINES = [
    ("First-contact resolution rate (%)", "first_contact_rate", "rate"),
    ("Stage 1 % answered within the deadline", "s1_in_time_rate", "rate"),
    ("Stage 2 % answered within the deadline", "s2_in_time_rate", "rate"),
    ("Stage 1 average working days to respond", "s1_average_days", "mean"),
    ("Stage 2 average working days to respond", "s2_average_days", "mean"),
]


def targets_table(figures: Figures, targets: dict[str, Target]) -> Table:
    table = Table(
        "targets",
        "Targets and actual figures (this period)",
        ["Measure", "Target", "This period", "Status", "Target set by"],
        note=STATUS_NOTE,
    )
    for label, key, kind in TARGET_LINES:
        target = targets[key]
        actual = _get(figures.council, key, "current", kind)
        table.rows.append([label, target.text, actual, target.status(actual), target.source])
    return table


def failure_demand_table(figures: Figures) -> Table:
    """Customers chasing an open case, by service (seed 003, 4.7)."""
    table = Table(
        "failure_demand",
        "Failure demand: customers chasing an open case, by service",
        [
            "Service",
            "Cases chased this period",
            *[f"Chasing contacts: {PERIOD_TITLES[p].lower()}" for p in PERIOD_KEYS],
        ],
        note="A chasing contact is an email quoting the reference of an open case, or a "
        "contact an officer logged as the customer chasing.",
    )

    def row(bucket) -> list:
        return [
            _get(bucket, "chased_cases", "current", "count"),
            *[_get(bucket, "chasers", p, "count") for p in PERIOD_KEYS],
        ]

    for service_id, name in figures.names["service"].items():
        table.rows.append([name, *row(figures.by_service.get(service_id, {}))])
    table.rows.append(["Whole council", *row(figures.council)])
    return table


def breakdown_tables(figures: Figures, targets: dict[str, Target]) -> dict[str, Table]:
    tables = [
        targets_table(figures, targets),
        grounds_by_service_table(figures),
        channel_table(figures, targets),
        failure_demand_table(figures),
    ]
    return {table.slug: table for table in tables}

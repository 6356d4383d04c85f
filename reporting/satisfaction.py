"""Satisfaction surveys in the reports (seed 003, standard 17: customer satisfaction measured
and reported): surveys sent, the response rate and the percentages satisfied, by service and by
channel. Survey answers are about people, so every report (not only the public page) applies
the public page's small-number rule to them (`reporting.tables.public_value`): a count below 5
is "fewer than 5" and a percentage is withheld when fewer than 5 answers lie behind it or it
could reveal a count below 5."""

from .measures import PERIOD_KEYS, Figures
from .tables import PERIOD_TITLES, Line, Table, public_value

SATISFACTION_COLUMNS = [
    Line("Surveys sent", "surveys_sent"),
    Line("Surveys answered", "surveys_answered"),
    Line("Response rate (%)", "survey_response_rate", "rate"),
    Line("% satisfied with the outcome", "outcome_satisfied_rate", "rate"),
    Line("% satisfied with how it was handled", "handling_satisfied_rate", "rate"),
]
NOTE = (
    "Counted by when the survey was sent (this period). Satisfied means “very” or “fairly "
    "satisfied”; “prefer not to say” is left out of the percentages. To protect the people "
    "who answered, a number below 5 is shown as “fewer than 5” and a percentage only when at "
    "least 5 answers lie behind it and it could not reveal a number below 5."
)


def _table(figures: Figures, dimension: str, title: str) -> Table:
    buckets = getattr(figures, f"by_{dimension}")
    table = Table(
        f"satisfaction_{dimension}",
        title,
        [dimension.capitalize(), *[line.label for line in SATISFACTION_COLUMNS]],
        note=NOTE,
    )
    for ident, name in figures.names[dimension].items():
        bucket = buckets.get(ident, {})
        if not bucket.get("surveys_sent", {}).get("current"):
            continue
        table.rows.append(
            [name, *[public_value(bucket, line, "current") for line in SATISFACTION_COLUMNS]]
        )
    table.rows.append(
        [
            "Whole council",
            *[public_value(figures.council, line, "current") for line in SATISFACTION_COLUMNS],
        ]
    )
    return table


def satisfaction_tables(figures: Figures) -> dict[str, Table]:
    tables = [
        _table(figures, "service", "Customer satisfaction by service"),
        _table(figures, "channel", "Customer satisfaction by channel"),
    ]
    return {table.slug: table for table in tables}


PUBLIC_SATISFACTION_LINES = [
    Line("Surveys sent", "surveys_sent"),
    Line("Surveys answered", "surveys_answered"),
    Line("Response rate (%)", "survey_response_rate", "rate"),
    Line("% satisfied with the outcome", "outcome_satisfied_rate", "rate"),
    Line("% satisfied with how it was handled", "handling_satisfied_rate", "rate"),
]


def public_satisfaction_table(figures: Figures) -> Table:
    """Council-wide customer satisfaction for the public page, for the same three periods as
    its summary, under the same small-number rule (no service or channel split: on a public
    page those buckets are small enough to point at people)."""
    table = Table(
        "satisfaction",
        "Customer satisfaction (whole council)",
        ["Measure", *PERIOD_TITLES.values()],
        note=NOTE,
    )
    for line in PUBLIC_SATISFACTION_LINES:
        table.rows.append(
            [line.label, *[public_value(figures.council, line, p) for p in PERIOD_KEYS]]
        )
    return table

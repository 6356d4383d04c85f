"""The tables of the reports, built from one `Figures`. The same tables feed the HTML page, the
PDF, the charts' data tables, the CSV/XLSX downloads and (suppressed) the public page."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .measures import PERIOD_KEYS, RATES, Figures

FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown (small numbers)"
SMALL = 5
# A table with more columns than this does not fit across a portrait A4 page at 12pt: the PDF
# puts it on a landscape page of its own (the web page scrolls it in its own box).
PORTRAIT_COLUMNS = 7

PERIOD_TITLES = {
    "current": "This period",
    "previous": "Previous period",
    "year_earlier": "Same period a year earlier",
}


PENCE = Decimal("0.01")


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""

    @property
    def change_columns(self) -> set[int]:
        return {i for i, column in enumerate(self.columns) if column.startswith("Change")}

    @property
    def is_wide(self) -> bool:
        return len(self.columns) > PORTRAIT_COLUMNS

    @property
    def cells(self) -> list[list[tuple[Any, bool]]]:
        """Rows as (value, is a change) pairs, for templates."""
        changes = self.change_columns
        return [[(value, i in changes) for i, value in enumerate(row)] for row in self.rows]


@dataclass(frozen=True)
class Line:
    """One row of a measures table: a label and the measure key it shows."""

    label: str
    key: str
    kind: str = "count"  # count, rate (percent), mean (days), median, money


def _get(bucket, key: str, period: str, kind: str) -> Any:
    value = bucket.get(key, {}).get(period)
    if kind == "money":  # always pounds and pence, "£0.00" for nothing paid
        return Decimal(value or 0).quantize(PENCE)
    if value is None:
        return None if kind in ("rate", "mean", "median") else 0
    return value


def _change(current: Any, other: Any) -> Any:
    if current is None or other is None:
        return None
    change = current - other
    return round(change, 1) if isinstance(change, float) else change


SUMMARY_LINES = [
    Line("Feedback received (all kinds)", "received"),
    Line("Complaints received", "received_complaint"),
    Line("Comments and suggestions received", "received_comment"),
    Line("Compliments received", "received_compliment"),
    Line("Reached a formal complaint stage", "reached_formal"),
    Line("% of feedback reaching a formal stage", "formal_rate", "rate"),
    Line("Resolved at first contact", "first_contact"),
    Line("First-contact resolution rate (%)", "first_contact_rate", "rate"),
    Line("Not accepted as a complaint", "refused"),
    Line("Stage 1 complaints received", "s1_received"),
    Line("Stage 1 complaints answered", "s1_answered"),
    Line("Stage 1 answered within the deadline", "s1_in_time"),
    Line("Stage 1 % answered within the deadline", "s1_in_time_rate", "rate"),
    Line("Stage 1 average working days to respond", "s1_average_days", "mean"),
    Line("Stage 1 median working days to respond", "s1_median", "median"),
    Line("Stage 1 answered after an extension", "s1_extended"),
    Line("Stage 2 reviews requested", "s2_received"),
    Line("Stage 2 reviews answered", "s2_answered"),
    Line("Stage 2 answered within the deadline", "s2_in_time"),
    Line("Stage 2 % answered within the deadline", "s2_in_time_rate", "rate"),
    Line("Stage 2 average working days to respond", "s2_average_days", "mean"),
    Line("Stage 2 median working days to respond", "s2_median", "median"),
    Line("Stage 2 answered after an extension", "s2_extended"),
    Line("Lessons learned recorded (Stages 1 and 2)", "lessons"),
    Line("Compensation offers", "compensation_offers"),
    Line("Compensation offered (£)", "compensation_offered", "money"),
    Line("Compensation payments", "compensation_payments"),
    Line("Compensation paid (£)", "compensation", "money"),
    Line("Chasing contacts (failure demand)", "chasers"),
    Line("Cases chased", "chased_cases"),
]

SERVICE_COLUMNS = [
    Line("Complaints", "received_complaint"),
    Line("Comments", "received_comment"),
    Line("Compliments", "received_compliment"),
    Line("Reached a formal stage", "reached_formal"),
    Line("Stage 1 answered", "s1_answered"),
    Line("Stage 1 % within deadline", "s1_in_time_rate", "rate"),
    Line("Stage 2 answered", "s2_answered"),
    Line("Stage 2 % within deadline", "s2_in_time_rate", "rate"),
    Line("Upheld or partly upheld", "upheld_any"),
    Line("Lessons learned", "lessons"),
    Line("% of feedback reaching a formal stage", "formal_rate", "rate"),
    Line("Chasing contacts", "chasers"),
    Line("Compensation paid (£)", "compensation", "money"),
]

OUTCOME_LINES = [
    ("Upheld", "upheld"),
    ("Partly upheld", "partly"),
    ("Not upheld", "not_upheld"),
    ("Withdrawn", "withdrawn"),
]


def _combined(figures: Figures) -> None:
    """Sums over Stages 1 and 2 that several tables show (added once, to every bucket)."""
    for bucket in figures.all_buckets():
        for period in PERIOD_KEYS:
            for key, parts in (
                ("lessons", ("s1_lessons", "s2_lessons")),
                ("upheld_any", ("s1_upheld", "s1_partly", "s2_upheld", "s2_partly")),
            ):
                total = sum(bucket.get(part, {}).get(period, 0) for part in parts)
                if total:
                    bucket[key][period] = total


def comparison_table(slug: str, title: str, bucket, lines: list[Line], note: str = "") -> Table:
    table = Table(
        slug,
        title,
        [
            "Measure",
            PERIOD_TITLES["current"],
            PERIOD_TITLES["previous"],
            "Change on previous period",
            PERIOD_TITLES["year_earlier"],
            "Change on a year earlier",
        ],
        note=note,
    )
    for line in lines:
        current, previous, year = (_get(bucket, line.key, p, line.kind) for p in PERIOD_KEYS)
        table.rows.append(
            [
                line.label,
                current,
                previous,
                _change(current, previous),
                year,
                _change(current, year),
            ]
        )
    return table


def dimension_table(
    slug: str, title: str, figures: Figures, dimension: str, key: str = "received"
) -> Table:
    buckets = getattr(figures, f"by_{dimension}")
    names = figures.names[dimension]
    table = Table(
        slug,
        title,
        [
            dimension.capitalize(),
            PERIOD_TITLES["current"],
            PERIOD_TITLES["previous"],
            "Change on previous period",
            PERIOD_TITLES["year_earlier"],
            "Change on a year earlier",
        ],
    )
    order = [*names, None] if dimension in ("category", "ground", "reason") else list(names)
    for ident in order:
        bucket = buckets.get(ident)
        if bucket is None:
            continue
        current, previous, year = (_get(bucket, key, p, "count") for p in PERIOD_KEYS)
        if not (current or previous or year):
            continue
        label = names.get(ident, "Not recorded")
        table.rows.append(
            [label, current, previous, _change(current, previous), year, _change(current, year)]
        )
    return table


def service_table(figures: Figures) -> Table:
    table = Table(
        "services",
        "Measures by service (this period)",
        ["Service", *[line.label for line in SERVICE_COLUMNS]],
    )
    for ident, name in figures.names["service"].items():
        bucket = figures.by_service.get(ident, {})
        table.rows.append(
            [name, *[_get(bucket, line.key, "current", line.kind) for line in SERVICE_COLUMNS]]
        )
    table.rows.append(
        [
            "Whole council",
            *[_get(figures.council, line.key, "current", line.kind) for line in SERVICE_COLUMNS],
        ]
    )
    return table


MEMBER_ENQUIRY_COLUMNS = [
    Line("Enquiries received", "member_enquiries"),
    Line("Stage 1 answered", "s1_member_answered"),
    Line("Stage 1 answered within the deadline", "s1_member_in_time"),
    Line("% answered within the deadline", "member_in_time_rate", "rate"),
]


def member_enquiry_table(figures: Figures) -> Table:
    """Enquiries councillors, MPs and Members of the Senedd made for constituents, by service:
    the services members write to most, and how promptly they are answered."""
    table = Table(
        "member_enquiries",
        "Enquiries from councillors and MPs by service (this period)",
        ["Service", *[line.label for line in MEMBER_ENQUIRY_COLUMNS]],
        note="A case a councillor, MP or Member of the Senedd raised on a constituent's "
        "behalf, with their consent; the answer goes to both.",
    )

    def row(bucket) -> list:
        return [_get(bucket, line.key, "current", line.kind) for line in MEMBER_ENQUIRY_COLUMNS]

    for ident, name in figures.names["service"].items():
        values = row(figures.by_service.get(ident, {}))
        if values[0] or values[1]:
            table.rows.append([name, *values])
    table.rows.append(["Whole council", *row(figures.council)])
    return table


def outcome_table(figures: Figures) -> Table:
    table = Table(
        "outcomes",
        "Outcomes of complaints (this period)",
        ["Outcome", "Stage 1", "Stage 2"],
        note="Upheld, partly and not upheld count responses sent in the period; withdrawn "
        "counts cases withdrawn in the period, at the stage they had reached.",
    )
    for label, key in OUTCOME_LINES:
        table.rows.append(
            [label, *[_get(figures.council, f"s{s}_{key}", "current", "count") for s in (1, 2)]]
        )
    return table


def compensation_table(figures: Figures) -> Table:
    table = Table(
        "compensation",
        "Compensation paid by service",
        [
            "Service",
            "Offers this period",
            "Offered this period (£)",
            "Payments this period",
            "Paid this period (£)",
            "Paid previous period (£)",
            "Paid a year earlier (£)",
        ],
        note="Paid counts payments by the date they were made, whenever offered; offered "
        "counts the responses sent in the period, paid or not.",
    )

    def row(bucket) -> list:
        return [
            _get(bucket, "compensation_offers", "current", "count"),
            _get(bucket, "compensation_offered", "current", "money"),
            _get(bucket, "compensation_payments", "current", "count"),
            *[_get(bucket, "compensation", p, "money") for p in PERIOD_KEYS],
        ]

    for ident, name in figures.names["service"].items():
        values = row(figures.by_service.get(ident, {}))
        if any(values):
            table.rows.append([name, *values])
    table.rows.append(["Whole council", *row(figures.council)])
    return table


def refusal_table(figures: Figures) -> Table:
    return dimension_table(
        "refusals", "Not accepted as a complaint, by reason", figures, "reason", key="refused"
    )


OMBUDSMAN_LINES = [
    ("Complaints referred by the Ombudsman", "referred", "count"),
    ("Decisions made by the Ombudsman", "decided", "count"),
    ("Detailed investigations decided", "investigated", "count"),
    ('Upheld (fault found, "justified")', "upheld", "count"),
    ("Not upheld", "not_upheld", "count"),
    ("Upheld rate (%)", "upheld_rate", "rate"),
    ("Upheld where the council had already remedied", "already_remedied", "count"),
    ("Closed after initial enquiries", "closed_after_initial_enquiries", "count"),
    ("Premature (sent back to the council)", "premature", "count"),
    ("Recommended remedies due", "remedies_due", "count"),
    ("Remedies complied with on time", "remedies_on_time", "count"),
    ("Compliance rate (%)", "compliance_rate", "rate"),
    ("Compensation paid on the Ombudsman's recommendation (£)", "compensation_total", "money"),
]


def ombudsman_table(figures: Figures) -> Table:
    """ombudsman.measures' figures for the three periods (that app defines them)."""
    bucket: dict = {
        key: {period: figures.ombudsman[period].get(key) for period in PERIOD_KEYS}
        for _, key, _ in OMBUDSMAN_LINES
    }
    return comparison_table(
        "ombudsman",
        "The Ombudsman",
        bucket,
        [Line(label, key, kind) for label, key, kind in OMBUDSMAN_LINES],
        note="Counted as the Ombudsman counts them; definitions at the end of the report.",
    )


def ombudsman_compensation_table(figures: Figures) -> Table:
    table = Table(
        "ombudsman_compensation",
        "Compensation paid on the Ombudsman's recommendation, by service (this period)",
        ["Service", "Paid (£)"],
    )
    for row in figures.ombudsman["current"].get("compensation_by_service", []):
        table.rows.append([row["service_name"], row["total"]])
    return table


def tables_build(figures: Figures) -> dict[str, Table]:
    _combined(figures)
    tables = [
        comparison_table(
            "summary", "Summary for the whole council", figures.council, SUMMARY_LINES
        ),
        service_table(figures),
        dimension_table("kinds", "Feedback received by kind", figures, "kind"),
        dimension_table("categories", "Feedback received by category", figures, "category"),
        dimension_table(
            "grounds",
            "Complaints reaching a formal stage by grounds",
            figures,
            "ground",
            key="reached_formal",
        ),
        dimension_table("channels", "Feedback received by channel", figures, "channel"),
        dimension_table(
            "compliments",
            "Compliments by service",
            figures,
            "service",
            key="received_compliment",
        ),
        outcome_table(figures),
        member_enquiry_table(figures),
        compensation_table(figures),
        refusal_table(figures),
        ombudsman_table(figures),
        ombudsman_compensation_table(figures),
    ]
    return {table.slug: table for table in tables}


# ---------------------------------------------------------------- the public page


def suppress_count(value: Any) -> Any:
    """Counts below 5 (including nothing at all) are published as "fewer than 5"."""
    if isinstance(value, int) and value < SMALL:
        return FEWER_THAN_5
    return value


# How quickly the council answered: its own performance against its own deadlines, which the
# Complaint Handling Code asks it to publish. Whether an answer was late is a fact about the
# council, not about the person who complained, so these are shown whenever at least 5 answers
# lie behind them; under the general rule a single late answer hid them in every period.
TIMELINESS_RATES = frozenset({"s1_in_time_rate", "s2_in_time_rate"})
SUPPRESSION_RULE = (
    'To protect people\'s privacy, a number below 5 is shown as "fewer than 5". A percentage '
    "or average is shown only when at least 5 cases lie behind it, and, except for the "
    "percentages answered within the deadline, only when it could not reveal a number below 5 "
    "(for example 3 of 13 resolved at first contact). Whether we answered on time is about "
    "our own performance, not about the people who complained, so those percentages are shown "
    "whenever at least 5 answers lie behind them."
)


def rate_is_disclosive(bucket, rate_key: str, period: str) -> bool:
    """A percentage or mean is withheld when fewer than 5 cases lie behind it, or when it could
    reveal a count below 5: its numerator or (for percentages) the rest (denominator -
    numerator) is below 5. Timeliness rates need only the 5 cases (TIMELINESS_RATES)."""
    rate = RATES.get(rate_key)
    if rate is None:  # the median: withheld when fewer than 5 answers lie behind it
        stage = rate_key[:2]
        return bucket.get(f"{stage}_timed", {}).get(period, 0) < SMALL
    numerator = bucket.get(rate.numerator, {}).get(period, 0)
    denominator = bucket.get(rate.denominator, {}).get(period, 0)
    if denominator < SMALL:
        return True
    if rate_key in TIMELINESS_RATES:
        return False
    if numerator < SMALL:
        return True
    return rate_key.endswith("_rate") and denominator - numerator < SMALL


def public_value(bucket, line: Line, period: str) -> Any:
    value = _get(bucket, line.key, period, line.kind)
    if line.kind in ("rate", "mean", "median"):
        return NOT_SHOWN if rate_is_disclosive(bucket, line.key, period) else value
    if line.kind == "money":
        payments = bucket.get("compensation_payments", {}).get(period, 0)
        return NOT_SHOWN if payments < SMALL else value
    return suppress_count(value)


PUBLIC_LINES = [
    line
    for line in SUMMARY_LINES
    if line.key
    not in {
        "s1_in_time",
        "s2_in_time",
        "first_contact",
        "reached_formal",
        "compensation_offers",
        "compensation_offered",
        "chased_cases",
    }
]
PUBLIC_SERVICE_COLUMNS = [
    Line("Complaints", "received_complaint"),
    Line("Comments", "received_comment"),
    Line("Compliments", "received_compliment"),
    Line("Stage 1 answered", "s1_answered"),
    Line("Stage 1 % within deadline", "s1_in_time_rate", "rate"),
    Line("Stage 2 answered", "s2_answered"),
]


def public_tables(figures: Figures) -> dict[str, Table]:
    """The published tables: whole-council figures for three periods and this period by
    service, with small counts and the percentages that would reveal them withheld. No
    change columns: a change between two published figures could reveal a small count."""
    _combined(figures)
    summary = Table(
        "summary",
        "Whole council",
        ["Measure", *PERIOD_TITLES.values()],
    )
    for line in PUBLIC_LINES:
        summary.rows.append(
            [line.label, *[public_value(figures.council, line, p) for p in PERIOD_KEYS]]
        )
    services = Table(
        "services",
        "By service (this period)",
        ["Service", *[line.label for line in PUBLIC_SERVICE_COLUMNS]],
    )
    for ident, name in figures.names["service"].items():
        bucket = figures.by_service.get(ident, {})
        services.rows.append(
            [name, *[public_value(bucket, line, "current") for line in PUBLIC_SERVICE_COLUMNS]]
        )
    return {"summary": summary, "services": services, "ombudsman": _public_ombudsman(figures)}


PUBLIC_OMBUDSMAN_KEYS = ("referred", "decided", "upheld", "not_upheld")


def _public_ombudsman(figures: Figures) -> Table:
    """What the Ombudsman referred and decided, as counts only (each suppressed below 5):
    their rates and remedies would reveal single cases."""
    table = Table("ombudsman", "The Ombudsman", ["Measure", *PERIOD_TITLES.values()])
    for label, key, _ in OMBUDSMAN_LINES:
        if key in PUBLIC_OMBUDSMAN_KEYS:
            values = [figures.ombudsman[p].get(key) or 0 for p in PERIOD_KEYS]
            table.rows.append([label, *[suppress_count(value) for value in values]])
    return table


def as_number(value: Any) -> Any:
    """Money as a Decimal with pence, everything else untouched (for exports)."""
    if isinstance(value, Decimal):
        return value.quantize(PENCE)
    return value

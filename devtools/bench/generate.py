"""Generate N realistic cases fast, in bounded memory: bulk inserts in batches, references
reserved in blocks from the same counters `case_create` uses (so they never collide with
cases made before or after), Stage 1 and Stage 2 records for formal complaints with deadlines
computed a batch at a time on the working-day calendar.

Nothing here sends email, writes history rows or timeline entries: it is test data for the
speed of lists and reports, not a replay of the lifecycle (the demo is that).
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.db.models import F

from devtools.demo import people, texts
from devtools.demo.plan import CHANNEL_WEIGHTS, SERVICE_WEIGHTS
from escalation.calendar import WorkingCalendar
from escalation.models import CaseStage, ClosureDay, StagePolicy
from feedback.models import (
    REFERENCE_PREFIXES,
    Case,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    OfficerProfile,
    Organisation,
    ReferenceCounter,
    ServiceArea,
)

from .outcomes import outcomes_generate

LONDON = ZoneInfo("Europe/London")
BATCH = 5000
YEARS = 5  # the reports compare a period with the same one a year earlier
AWAITING = {"received", "service_request", "stage1", "stage2"}
STAGE1_STATES = {"stage1", "stage1_responded", "stage2", "stage2_responded", "ombudsman"}
STAGE2_STATES = {"stage2", "stage2_responded", "ombudsman"}
CLOSED = {"closed", "withdrawn", "not_accepted", "forwarded", "service_request_resolved"}

# (upper age in days, {state: weight}): what a council's caseload looks like by age.
COMPLAINT_STATES = [
    (3, {"received": 40, "stage1": 40, "service_request": 20}),
    (25, {"stage1": 60, "service_request": 10, "stage1_responded": 15,
          "service_request_resolved": 15}),
    (60, {"stage1_responded": 30, "stage2": 8, "closed": 40, "service_request_resolved": 15,
          "stage1": 4, "not_accepted": 3}),
    (10**6, {"closed": 700, "service_request_resolved": 180, "not_accepted": 40, "forwarded": 20,
             "withdrawn": 30, "stage2_responded": 10, "ombudsman": 10, "stage1": 5, "stage2": 5}),
]  # fmt: skip
FEEDBACK_STATES = [
    (5, {"received": 50, "acknowledged": 30, "passed_to_service": 20}),
    (20, {"acknowledged": 20, "passed_to_service": 40, "closed": 40}),
    (10**6, {"closed": 97, "passed_to_service": 3}),
]
OUTCOMES = ["upheld", "partly_upheld", "not_upheld", "not_upheld"]


def _table(rows: list[tuple[int, dict[str, int]]]) -> list[tuple[int, list[str], list[int]]]:
    return [(age, list(w), list(np.cumsum(list(w.values())))) for age, w in rows]


@dataclass
class Reference:
    organisation: Organisation
    services: list[ServiceArea]
    service_weights: list[int]
    channels: list[Channel]
    channel_weights: list[int]
    categories: dict[str, Category]
    grounds: list[ComplaintGround]
    officer_for_service: dict[int, int]
    policies: dict[int, StagePolicy]
    calendar: WorkingCalendar
    busdaycal: np.busdaycalendar


def reference_data(organisation: Organisation) -> Reference:
    services = list(ServiceArea.objects.filter(organisation=organisation, is_active=True))
    channels = list(Channel.objects.filter(organisation=organisation, is_active=True))
    officers: dict[int, int] = {}
    for profile in OfficerProfile.objects.filter(organisation=organisation).prefetch_related(
        "services"
    ):
        for service in profile.services.all():
            officers.setdefault(service.pk, profile.user_id)
    closures = frozenset(
        ClosureDay.objects.filter(organisation=organisation).values_list("date", flat=True)
    )
    calendar = WorkingCalendar(nation=organisation.nation, closure_days=closures)
    policies = {}
    for policy in StagePolicy.objects.filter(organisation=organisation).order_by("effective_from"):
        policies[policy.stage] = policy  # the newest of each stage wins
    return Reference(
        organisation=organisation,
        services=services,
        service_weights=[SERVICE_WEIGHTS.get(s.slug, 5) for s in services],
        channels=channels,
        channel_weights=[CHANNEL_WEIGHTS.get(c.slug, 5) for c in channels],
        categories={c.slug: c for c in Category.objects.filter(organisation=organisation)},
        grounds=list(ComplaintGround.objects.filter(organisation=organisation)),
        officer_for_service=officers,
        policies=policies,
        calendar=calendar,
        busdaycal=np.busdaycalendar(
            weekmask="1111100",
            holidays=np.array(sorted(calendar.non_working_days()), dtype="datetime64[D]"),
        ),
    )


def _pick(rng: random.Random, table, age: int) -> str:
    for upper, states, cumulative in table:
        if age <= upper:
            return rng.choices(states, cum_weights=cumulative)[0]
    raise AssertionError("unreachable")


def _reserve(organisation: Organisation, counts: Counter) -> dict[tuple[str, int], int]:
    """The first number of a block of `count` references for each (prefix, year): the counter
    row is locked until the batch commits, as `reference_next` does one at a time."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(organisation=organisation, prefix=p, year=y) for p, y in counts],
        ignore_conflicts=True,
    )
    first = {}
    for (prefix, year), count in counts.items():
        counter = ReferenceCounter.objects.select_for_update().filter(
            organisation=organisation, prefix=prefix, year=year
        )
        counter.update(last_number=F("last_number") + count)
        first[(prefix, year)] = counter.values_list("last_number", flat=True).get() - count + 1
    return first


def cases_generate(
    *,
    organisation: Organisation,
    count: int,
    rng: random.Random,
    now: datetime,
    days: int = YEARS * 365 + 1,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert `count` cases received over the last `days` days, oldest first, then what
    happened to them (`outcomes_generate`). Returns the number of cases inserted."""
    ref = reference_data(organisation)
    complaint_table, feedback_table = _table(COMPLAINT_STATES), _table(FEEDBACK_STATES)
    today = now.astimezone(LONDON).date()
    span = timedelta(days=days).total_seconds()
    start = now - timedelta(days=days)
    made = 0
    customer_number = Customer.objects.count()
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                [
                    Customer(organisation=organisation, **people.customer_fields(rng, number))
                    for number in range(customer_number, customer_number + max(1, size * 7 // 10))
                ]
            )
            customer_number += len(customers)
            rows = []
            for i in range(made, made + size):
                received = start + timedelta(seconds=span * (i + rng.random()) / count)
                rows.append(_case_row(rng, ref, received, today, customers, complaint_table,
                                      feedback_table))  # fmt: skip
            cases = _cases_insert(ref, rows, today)
            _stages_insert(ref, cases, rows, rng)
        made += size
        if progress:
            progress(made)
    outcomes_generate(organisation=organisation)
    return made


def _case_row(rng, ref: Reference, received: datetime, today: date, customers, ctable, ftable):
    roll = rng.random()
    kind = "complaint" if roll < 0.72 else ("comment" if roll < 0.86 else "compliment")
    service = rng.choices(ref.services, weights=ref.service_weights)[0]
    channel = rng.choices(ref.channels, weights=ref.channel_weights)[0]
    values = people.details(rng, today=today)
    age = (today - received.astimezone(LONDON).date()).days
    if kind == "complaint":
        bank = texts.COMPLAINTS.get(service.slug) or texts.COMPLAINTS["customer-services"]
        summary, description, wanted = rng.choice(bank)
        category = rng.choice(["service-failure", "service-failure", "officer-behaviour",
                               "bureaucratic-process", "other"])  # fmt: skip
        state = _pick(rng, ctable, age)
        customer = rng.choice(customers)
    else:
        bank = texts.COMMENTS if kind == "comment" else texts.COMPLIMENTS
        summary, description = rng.choice(bank.get(service.slug) or bank["customer-services"])
        wanted = ""
        category = "other" if kind == "comment" else "compliment-of-good-service"
        state = _pick(rng, ftable, age)
        customer = rng.choice(customers) if rng.random() < 0.7 else None
    return {
        "kind": kind,
        "state": state,
        "service": service,
        "channel": channel,
        "category": ref.categories.get(category),
        "ground": rng.choice(ref.grounds) if kind == "complaint" and ref.grounds else None,
        "customer": customer,
        "received_at": received,
        "summary": people.fill(summary, values)[:200],
        "description": people.fill(description, values),
        "outcome_wanted": people.fill(wanted, values) if wanted else "",
        "rng": rng.random(),
        # Working days Stage 1 took (if it was answered): most on time, some late.
        "took": rng.randint(6, 15) if rng.random() < 0.85 else rng.randint(16, 30),
    }


def _cases_insert(ref: Reference, rows: list[dict], today: date) -> list[Case]:
    calendar = ref.calendar
    policy, policy2 = ref.policies[1], ref.policies[2]
    received_days = [r["received_at"].astimezone(LONDON).date() for r in rows]
    ack_electronic = calendar.add_working_days_many(
        received_days, policy.acknowledge_days_electronic
    )
    ack_written = calendar.add_working_days_many(received_days, policy.acknowledge_days_written)
    respond = calendar.add_working_days_many(received_days, policy.respond_days)
    responded1 = np.busday_offset(
        np.array(received_days, dtype="datetime64[D]"),
        [r["took"] for r in rows],
        roll="forward",
        busdaycal=ref.busdaycal,
    ).astype(date)
    for index, row in enumerate(rows):
        row["responded1"] = datetime.combine(responded1[index], time(10, 30), tzinfo=LONDON)
        row["stage2_opened"] = row["responded1"] + timedelta(days=10)
        # Seed policy: Stage 2 answered within 28 calendar days of the request (seed 002).
        row["stage2_due"] = row["stage2_opened"].date() + timedelta(days=policy2.respond_days)
    counts = Counter(
        (REFERENCE_PREFIXES[r["kind"]], r["received_at"].astimezone(LONDON).year) for r in rows
    )
    next_number = _reserve(ref.organisation, counts)
    cases = []
    for index, row in enumerate(rows):
        key = (REFERENCE_PREFIXES[row["kind"]], row["received_at"].astimezone(LONDON).year)
        number = next_number[key]
        next_number[key] += 1
        state = row["state"]
        received = row["received_at"]
        respond_by = respond[index] if row["kind"] == "complaint" else None
        if state in STAGE2_STATES:
            respond_by = row["stage2_due"]
        open_ = state not in CLOSED
        cases.append(
            Case(
                organisation=ref.organisation,
                reference=f"{key[0]}-{key[1]}-{number:05d}",
                kind=row["kind"],
                state=state,
                service=row["service"],
                channel=row["channel"],
                category=row["category"],
                ground=row["ground"],
                customer=row["customer"],
                received_at=received,
                summary=row["summary"],
                description=row["description"],
                outcome_wanted=row["outcome_wanted"],
                assigned_to_id=ref.officer_for_service.get(row["service"].pk)
                if state != "received"
                else None,
                resolved_at_first_contact=state == "service_request_resolved" and row["rng"] < 0.5,
                acknowledge_by=(ack_electronic if row["channel"].is_electronic else ack_written)[
                    index
                ],
                acknowledged_at=received + timedelta(hours=20) if state != "received" else None,
                respond_by=respond_by,
                overdue_since=respond_by + timedelta(days=1)
                if open_ and state in AWAITING and respond_by and respond_by < today
                else None,
                closed_at=None if open_ else received + timedelta(days=12 + int(row["rng"] * 40)),
            )
        )
    return Case.objects.bulk_create(cases)


def _stages_insert(ref: Reference, cases: list[Case], rows: list[dict], rng) -> None:
    formal = [
        (case, row)
        for case, row in zip(cases, rows, strict=True)
        if case.kind == "complaint"
        and (
            case.state in STAGE1_STATES
            or (case.state == "closed")
            or (case.state == "withdrawn" and row["rng"] < 0.5)
        )
    ]
    if not formal:
        return
    calendar = ref.calendar
    policy1, policy2 = ref.policies[1], ref.policies[2]
    received_days = [c.received_at.astimezone(LONDON).date() for c, _ in formal]
    ack_due = calendar.add_working_days_many(received_days, policy1.acknowledge_days_electronic)
    due = calendar.add_working_days_many(received_days, policy1.respond_days)
    stages = []
    stage2 = []
    for index, (case, row) in enumerate(formal):
        responded = case.state not in ("stage1", "withdrawn")
        took = row["took"]
        responded_at = row["responded1"] if responded else None
        stages.append(
            CaseStage(
                organisation=ref.organisation,
                case=case,
                stage=1,
                service_id=case.service_id,
                channel_id=case.channel_id,
                policy=policy1,
                handler_id=case.assigned_to_id,
                opened_at=case.received_at,
                acknowledge_due=ack_due[index],
                acknowledged_at=case.acknowledged_at,
                acknowledgement_met=True if case.acknowledged_at else None,
                response_due_original=due[index],
                response_due=due[index],
                responded_at=responded_at,
                working_days_taken=took if responded else None,
                response_met=(responded_at.date() <= due[index]) if responded else None,
                complaint_understood=case.summary if responded else "",
                outcome=rng.choice(OUTCOMES) if responded else "",
                outcome_reasons=texts.OUTCOME_REASONS["partly_upheld"] if responded else "",
            )
        )
        if case.state in STAGE2_STATES or (case.state == "closed" and row["rng"] < 0.12):
            opened = row["stage2_opened"]
            answered = case.state != "stage2"
            stage2.append(
                CaseStage(
                    organisation=ref.organisation,
                    case=case,
                    stage=2,
                    service_id=case.service_id,
                    channel_id=case.channel_id,
                    policy=policy2,
                    opened_at=opened,
                    request_reason=texts.STAGE2_REASONS[0],
                    acknowledge_due=calendar.add_working_days(
                        opened.date(), policy2.acknowledge_days_electronic
                    ),
                    acknowledged_at=opened + timedelta(days=2),
                    acknowledgement_met=True,
                    response_due_original=row["stage2_due"],
                    response_due=row["stage2_due"],
                    responded_at=opened + timedelta(days=rng.randint(12, 34)) if answered else None,
                    complaint_understood=case.summary,
                    outcome=rng.choice(OUTCOMES) if answered else "",
                    outcome_reasons=texts.OUTCOME_REASONS["not_upheld"] if answered else "",
                )
            )
    for record in stage2:
        if record.responded_at:
            record.response_met = record.responded_at.date() <= record.response_due
    CaseStage.objects.bulk_create(stages + stage2)
    for stage, records in ((1, stages), (2, stage2)):
        Case.objects.filter(pk__in=[r.case_id for r in records]).update(formal_stage=stage)

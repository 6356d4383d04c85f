"""What happens to each demo case, decided up front: pure, deterministic for a given `rng`.

A plan is the case as received plus a list of steps (triage, acknowledge, respond, escalate...)
with the moment each happened. Steps after "now" are dropped, so a case received last week is
still open and one received a year ago has run its course; open cases whose response is late
are overdue today, as they would be in a real council.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from escalation.calendar import WorkingCalendar

from . import people, texts

LONDON = ZoneInfo("Europe/London")

SERVICE_WEIGHTS = {
    "environmental-services": 22,
    "housing": 20,
    "revenues-and-benefits": 18,
    "parking-and-concessionary-fares": 12,
    "planning-and-development": 10,
    "leisure": 8,
    "customer-services": 6,
    "electoral-services": 4,
}
CHANNEL_WEIGHTS = {
    "web-form": 40,
    "email": 20,
    "telephone": 20,
    "in-person": 7,
    "letter": 7,
    "sms-or-text": 2,
    "via-a-councillor-or-representative": 4,
}
ELECTRONIC = {"web-form", "email", "telephone", "sms-or-text"}
COMPLAINT_CATEGORIES = {
    "service-failure": 40,
    "service-failure-against-standards": 15,
    "officer-behaviour": 15,
    "bureaucratic-process": 15,
    "other": 15,
}
GROUND_FOR_CATEGORY = {
    "officer-behaviour": "behaviour-or-attitude-of-staff",
    "bureaucratic-process": "poor-information",
}
OUTCOMES = {"upheld": 30, "partly_upheld": 30, "not_upheld": 40}


@dataclass
class Step:
    action: str  # see devtools.demo.writer.ACTIONS
    at: datetime
    data: dict = field(default_factory=dict)


@dataclass
class CasePlan:
    kind: str
    service: str
    channel: str
    category: str
    ground: str
    customer: int | None  # index into the customer list; None: gave no details
    received_at: datetime
    summary: str
    description: str
    outcome_wanted: str = ""
    staff_member_named: str = ""
    steps: list[Step] = field(default_factory=list)
    respond_due: date | None = None  # Stage 1, for the planner's own checks

    def final_state(self, today: date | None = None) -> str:
        """The state the steps lead to; "stage1-overdue" or "stage1-due-soon" (due within three
        days, so within the dashboard's three working days) when given `today` and it is."""
        state = "received"
        for step in self.steps:
            state = STATE_AFTER.get(step.action, state)
        if state == "stage1" and today and self.respond_due:
            if self.respond_due < today:
                return "stage1-overdue"
            if self.respond_due <= today + timedelta(days=3):
                return "stage1-due-soon"
        return state


STATE_AFTER = {
    "triage_service_request": "service_request",
    "triage_resolve_at_first_contact": "service_request_resolved",
    "service_request_resolve": "service_request_resolved",
    "triage_not_accepted": "not_accepted",
    "triage_forward": "forwarded",
    "triage_complaint": "stage1",
    "stage1_respond": "stage1_responded",
    "stage2_escalate": "stage2",
    "stage2_respond": "stage2_responded",
    "refer_to_ombudsman": "ombudsman",
    "close": "closed",
    "withdraw": "withdrawn",
    "acknowledge": "acknowledged",
    "pass_to_service": "passed_to_service",
}


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Planner:
    def __init__(self, *, rng: random.Random, now: datetime, calendar: WorkingCalendar) -> None:
        self.rng = rng
        self.now = now
        self.today = now.astimezone(LONDON).date()
        self.calendar = calendar

    # -- time helpers -----------------------------------------------------------------------
    def _at(self, day: date, *, earliest: int = 8, latest: int = 17) -> datetime:
        moment = time(self.rng.randint(earliest, latest), self.rng.randint(0, 59))
        return datetime.combine(day, moment, tzinfo=LONDON)

    def _after(self, moment: datetime, working_days: int) -> datetime:
        day = self.calendar.add_working_days(moment.astimezone(LONDON).date(), working_days)
        at = self._at(day)
        return at if at > moment else moment + timedelta(minutes=self.rng.randint(5, 90))

    def received_at(self, days_ago: int, channel: str) -> datetime:
        day = self.today - timedelta(days=days_ago)
        if channel in ("web-form", "email", "sms-or-text"):
            moment = self._at(day, earliest=0, latest=23)
        else:
            while not self.calendar.is_working_day(day):
                day -= timedelta(days=1)
            moment = self._at(day, earliest=9, latest=16)
        return min(moment, self.now - timedelta(minutes=self.rng.randint(5, 600)))

    # -- one case ---------------------------------------------------------------------------
    def plan(self, *, days_ago: int, customer: int | None, anonymous_ok: bool) -> CasePlan:
        rng = self.rng
        roll = rng.random()
        kind = "complaint" if roll < 0.72 else ("comment" if roll < 0.86 else "compliment")
        service = _weighted(rng, SERVICE_WEIGHTS)
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        values = people.details(rng, today=self.today)
        if kind == "complaint":
            summary, description, wanted = rng.choice(texts.COMPLAINTS[service])
            category = _weighted(rng, COMPLAINT_CATEGORIES)
            ground = GROUND_FOR_CATEGORY.get(category, "service-failure")
        else:
            bank = texts.COMMENTS if kind == "comment" else texts.COMPLIMENTS
            summary, description = rng.choice(bank[service])
            wanted = ""
            if kind == "comment":
                category = rng.choice(["other", "service-failure", "bureaucratic-process"])
            else:
                category = rng.choice(["compliment-of-good-service"] * 4 + ["officer-behaviour"])
            ground = ""
            if anonymous_ok and rng.random() < 0.35:
                customer = None
        case = CasePlan(
            kind=kind,
            service=service,
            channel=channel,
            category=category,
            ground=ground,
            customer=customer,
            received_at=self.received_at(days_ago, channel),
            summary=people.fill(summary, values)[:200],
            description=people.fill(description, values),
            outcome_wanted=people.fill(wanted, values) if wanted else "",
            staff_member_named=values["staff"] if "{staff}" in summary + description else "",
        )
        if kind == "complaint":
            self._complaint_steps(case)
        else:
            self._feedback_steps(case)
        case.steps.sort(key=lambda step: step.at)
        ends = [s.at for s in case.steps if s.action in ("stage1_respond", "withdraw")]
        case.steps = [
            step
            for step in case.steps
            if step.at <= self.now and not (step.action == "note" and ends and step.at >= ends[0])
        ]
        return case

    def _feedback_steps(self, case: CasePlan) -> None:
        ack = self._after(case.received_at, self.rng.randint(0, 2))
        passed = self._after(ack, self.rng.randint(1, 4))
        closed = self._after(passed, self.rng.randint(2, 8))
        case.steps += [
            Step("acknowledge", ack),
            Step("pass_to_service", passed),
            Step("close", closed),
        ]

    def _complaint_steps(self, case: CasePlan) -> None:
        rng = self.rng
        received = case.received_at
        triage_at = self._after(received, rng.choice([0, 0, 1]))
        if rng.random() < 0.35 and (self.now - received).days < 3:
            return  # still waiting to be triaged
        roll = rng.random()
        if roll < 0.22:
            if case.channel in ("telephone", "in-person") and rng.random() < 0.5:
                case.steps.append(Step("triage_resolve_at_first_contact", received))
                return
            case.steps.append(Step("triage_service_request", triage_at))
            done = self._after(triage_at, rng.randint(1, 8))
            case.steps.append(Step("service_request_resolve", done))
            return
        if roll < 0.27:
            case.steps.append(
                Step("triage_not_accepted", triage_at, {"note": rng.choice(texts.REFUSAL_NOTES)})
            )
            return
        if roll < 0.30:
            organisation, why = rng.choice(texts.FORWARD_TO)
            case.steps.append(Step("triage_forward", triage_at, {"to": organisation, "note": why}))
            return
        self._stage1(case, triage_at)

    def _stage1(self, case: CasePlan, opened: datetime) -> None:
        rng = self.rng
        electronic = case.channel in ELECTRONIC
        case.steps.append(Step("triage_complaint", opened))
        ack_days = (1 if electronic else 5) + (rng.randint(1, 3) if rng.random() < 0.1 else 0)
        acknowledged = max(
            self._after(case.received_at, rng.randint(0, ack_days)),
            opened + timedelta(minutes=rng.randint(5, 120)),
        )
        case.steps.append(Step("acknowledge_complaint", acknowledged))
        for _ in range(rng.randint(0, 3)):
            case.steps.append(
                Step(
                    "note",
                    self._after(opened, rng.randint(1, 10)),
                    {"text": rng.choice(texts.NOTES)},
                )  # fmt: skip
            )
        if rng.random() < 0.04:
            case.steps.append(
                Step("withdraw", self._after(opened, rng.randint(3, 10)),
                     {"reason": rng.choice(texts.WITHDRAWAL_REASONS)})
            )  # fmt: skip
            return
        extension = 0
        if rng.random() < 0.08:
            extension = rng.randint(5, 10)
            case.steps.append(
                Step("extend", self._after(case.received_at, 10),
                     {"days": extension, "reason": "Waiting for the contractor's report."})
            )  # fmt: skip
        due = 15 + extension
        roll = rng.random()
        if roll < 0.75:
            took = rng.randint(6, due)
        else:  # late; a few badly so, still open and overdue today if received recently
            took = rng.randint(due + 1, due + 10) if roll < 0.9 else rng.randint(due + 10, due + 35)
        if extension:
            took = max(took, 11)  # extended on day 10, so still open then
        case.respond_due = self.calendar.add_working_days(
            case.received_at.astimezone(LONDON).date(), due
        )
        responded = self._after(case.received_at, took)
        outcome = _weighted(rng, OUTCOMES)
        case.steps.append(Step("stage1_respond", responded, self._response(outcome)))
        if rng.random() < 0.2:
            request = self._after(responded, rng.randint(2, 18))
            self._stage2(case, request)
        else:
            case.steps.append(Step("close", self._after(responded, 21)))

    def _stage2(self, case: CasePlan, request: datetime) -> None:
        rng = self.rng
        case.steps.append(
            Step("stage2_escalate", request, {"reason": rng.choice(texts.STAGE2_REASONS)})
        )
        took = rng.randint(10, 28) if rng.random() < 0.85 else rng.randint(29, 40)
        responded = request + timedelta(days=took)
        responded = responded.replace(hour=rng.randint(9, 16))
        outcome = rng.choice(["partly_upheld", "not_upheld", "not_upheld", "upheld"])
        case.steps.append(Step("stage2_respond", responded, self._response(outcome)))
        # Closed once the customer has had time to go to the Ombudsman; the Ombudsman's own
        # demo (devtools.demo.ombudsman) takes some of those still open there.
        case.steps.append(Step("close", responded + timedelta(days=90)))

    def _response(self, outcome: str) -> dict:
        return {
            "outcome": outcome,
            "reasons": texts.OUTCOME_REASONS[outcome],
            "lessons": self.rng.choice(texts.LESSONS) if outcome != "not_upheld" else "",
        }


COVERED_STATES = {
    "complaint": [
        "received",
        "service_request",
        "service_request_resolved",
        "not_accepted",
        "forwarded",
        "stage1",
        "stage1-overdue",
        "stage1-due-soon",
        "stage1_responded",
        "stage2",
        "stage2_responded",
        "closed",
        "withdrawn",
    ],
    "comment": ["received", "acknowledged", "passed_to_service", "closed"],
    "compliment": ["received", "acknowledged", "passed_to_service", "closed"],
}


def plans_make(
    *, count: int, rng: random.Random, now: datetime, calendar: WorkingCalendar, days: int = 540
) -> tuple[list[CasePlan], int]:
    """`count` plans (at least one in each state of each kind when count allows), sorted by
    receipt, and the number of customers they refer to."""
    planner = Planner(rng=rng, now=now, calendar=calendar)
    customers = max(1, int(count * 0.65))
    # A few residents come back again and again: weight them so they do.
    weights = [3 if i < customers // 10 else 1 for i in range(customers)]
    plans = [
        planner.plan(
            days_ago=_days_ago(rng, days),
            customer=rng.choices(range(customers), weights=weights)[0],
            anonymous_ok=True,
        )
        for _ in range(count)
    ]
    wanted = [(kind, state) for kind, states in COVERED_STATES.items() for state in states]
    if count >= len(wanted):
        _cover_every_state(planner, plans, wanted, customers)
    plans.sort(key=lambda p: p.received_at)
    return plans, customers


# The share of the cases that arrived in the more recent half of the history: a little busier
# than the half before (the service became better known), so a year-on-year change in the
# reports reads like a real council's (about +20%), not tenfold.
RECENT_SHARE = 0.55


def _days_ago(rng: random.Random, days: int) -> int:
    """Spread over the whole history (two years), never in the future."""
    half = days / 2
    if rng.random() < RECENT_SHARE:
        return int(rng.uniform(0, half))
    return min(days, int(rng.uniform(half, days)))


# How many of each (kind, state) at least, beyond one: the Ombudsman's demo takes some Stage 2
# responded complaints on to the Ombudsman, and the dashboard needs a few overdue and a few due
# in the next working days.
MINIMUM = {
    ("complaint", "stage2_responded"): 14,
    ("complaint", "stage1-overdue"): 2,
    ("complaint", "stage1-due-soon"): 2,
}
AGES = {"received": 2, "service_request": 4, "stage1": 25, "stage1-overdue": 60,
        "stage1-due-soon": 25,
        "acknowledged": 3, "stage2_responded": 150}  # fmt: skip


def _cover_every_state(planner: Planner, plans: list[CasePlan], wanted, customers: int) -> None:
    today = planner.today
    have = Counter((p.kind, p.final_state(today)) for p in plans)
    taken: set[int] = set()
    for kind, state in wanted:
        for _ in range(5000):
            if have[(kind, state)] >= MINIMUM.get((kind, state), 1):
                break
            candidate = planner.plan(
                days_ago=planner.rng.randint(0, AGES.get(state, 200)),
                customer=planner.rng.randrange(customers),
                anonymous_ok=False,
            )
            if (candidate.kind, candidate.final_state(today)) != (kind, state):
                continue
            # Replace a closed case: there are plenty of those.
            for index, plan in enumerate(plans):
                if index not in taken and plan.final_state(today) == "closed":
                    plans[index] = candidate
                    taken.add(index)
                    have[(kind, state)] += 1
                    break
            else:
                return

"""Write demo plans into the database: each case through `feedback.services.case_create`, then
its steps (triage, acknowledgement, notes, responses, escalation...) at the moments planned."""

import random
from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from escalation.calendar import WorkingCalendar
from escalation.models import CaseStage, Remedy, StagePolicy

from .. import clock
from ..models import Case, CaseEvent, Category, Channel, ComplaintGround, Customer, ServiceArea
from ..roles import Role
from ..services import case_create, event_record
from . import people
from .officers import officer_for_service
from .plan import STATE_AFTER, CasePlan, Step

LOGGED_BY_STAFF = {"telephone", "in-person", "letter", "via-a-councillor-or-representative"}


def customers_create(*, organisation, count: int, rng: random.Random, today: date) -> list:
    customers = Customer.objects.bulk_create(
        [
            Customer(organisation=organisation, **people.customer_fields(rng, number))
            for number in range(count)
        ]
    )
    # The most frequent caller (index 0 is weighted up in the plans) has a contact restriction.
    restricted = customers[0]
    restricted.contact_restriction = people.RESTRICTION
    restricted.contact_restriction_review_on = today + timedelta(days=90)
    restricted.save(update_fields=["contact_restriction", "contact_restriction_review_on"])
    return customers


class Writer:
    def __init__(
        self, *, organisation, users, customers, calendar: WorkingCalendar, now: datetime
    ) -> None:
        self.organisation = organisation
        self.today = clock.local_date(now)
        self.users = users
        self.customers = customers
        self.calendar = calendar

        def by_slug(queryset: QuerySet) -> dict:
            return {row.slug: row for row in queryset.filter(organisation=organisation)}

        self.services = by_slug(ServiceArea.objects)
        self.channels = by_slug(Channel.objects)
        self.categories = by_slug(Category.objects)
        self.grounds = by_slug(ComplaintGround.objects)
        self.policies = list(
            StagePolicy.objects.filter(organisation=organisation).order_by("-effective_from")
        )

    def policy(self, stage: int, at: datetime) -> StagePolicy:
        for policy in self.policies:
            if policy.stage == stage and policy.effective_from <= at:
                return policy
        return [p for p in self.policies if p.stage == stage][-1]

    def write(self, plan: CasePlan) -> Case:
        logged = plan.channel in LOGGED_BY_STAFF
        case = case_create(
            organisation=self.organisation,
            kind=plan.kind,
            service=self.services[plan.service],
            channel=self.channels[plan.channel],
            summary=plan.summary,
            description=plan.description,
            customer=None if plan.customer is None else self.customers[plan.customer],
            outcome_wanted=plan.outcome_wanted,
            staff_member_named=plan.staff_member_named,
            category=self.categories[plan.category] if logged else None,
            received_at=plan.received_at,
            created_by=self.users["sarah" if plan.received_at.day % 2 else "tom"]
            if logged
            else None,
            now=plan.received_at,
        )
        _CaseSteps(self, case, plan).run()
        return case


class _CaseSteps:
    """Applies one plan's steps. Until the lifecycle services are on main it records states,
    stages and deadlines directly, the way those services would."""

    def __init__(self, writer: Writer, case: Case, plan: CasePlan) -> None:
        self.w = writer
        self.case = case
        self.plan = plan
        self.state = case.state
        self.fields: dict = {}
        self.stages: dict[int, CaseStage] = {}
        self.officer = writer.users[officer_for_service(plan.service)]
        self.manager = writer.users[officer_for_service(plan.service, Role.SERVICE_MANAGER)]
        self.triager = writer.users["sarah" if case.pk % 3 else "tom"]
        received = clock.local_date(case.received_at)
        policy = writer.policy(1, case.received_at)
        electronic = case.channel.is_electronic
        ack_days = (
            policy.acknowledge_days_electronic if electronic else policy.acknowledge_days_written
        )
        self.fields["acknowledge_by"] = writer.calendar.add_working_days(received, ack_days)
        if case.kind == "complaint":
            self.fields["respond_by"] = writer.calendar.add_days(
                received, policy.respond_days, unit=policy.respond_unit
            )

    def run(self) -> None:
        for step in self.plan.steps:
            getattr(self, f"_{step.action}", self._transition)(step)
        self._finish()

    # -- helpers ----------------------------------------------------------------------------
    def _event(self, step: Step, kind: str, summary: str, *, actor=None, **extra) -> None:
        event_record(case=self.case, kind=kind, summary=summary, actor=actor, at=step.at, **extra)

    def _transition(self, step: Step, *, actor=None, detail: str = "") -> None:
        new_state = STATE_AFTER[step.action]
        self._event(
            step,
            CaseEvent.Kind.TRANSITION,
            f"{dict(Case._meta.get_field('state').choices)[new_state]}",
            actor=actor or self.triager,
            from_state=self.state,
            to_state=new_state,
            detail=detail,
            is_internal=False,
        )
        self.state = new_state
        if new_state in ("service_request_resolved", "not_accepted", "forwarded", "closed",
                         "withdrawn"):  # fmt: skip
            self.fields["closed_at"] = step.at
            self.fields["overdue_since"] = None

    def _assign(self, step: Step, user) -> None:
        self.fields["assigned_to"] = user
        name = user.get_full_name()
        self._event(step, CaseEvent.Kind.ASSIGNED, f"Assigned to {name}", actor=self.triager)

    def _categorise(self, step: Step) -> None:
        if self.case.category_id is None:
            self.fields["category"] = self.w.categories[self.plan.category]
            name = self.fields["category"].name
            self._event(
                step, CaseEvent.Kind.CATEGORISED, f"Categorised: {name}", actor=self.triager
            )

    def _stage_open(self, stage: int, step: Step, handler) -> CaseStage:
        policy = self.w.policy(stage, step.at)
        opened = self.case.received_at if stage == 1 else step.at
        start = clock.local_date(opened)
        electronic = self.case.channel.is_electronic
        ack_days = (
            policy.acknowledge_days_electronic if electronic else policy.acknowledge_days_written
        )
        due = self.w.calendar.add_days(start, policy.respond_days, unit=policy.respond_unit)
        record = CaseStage.objects.create(
            organisation_id=self.case.organisation_id,
            case=self.case,
            stage=stage,
            policy=policy,
            handler=handler,
            opened_at=opened,
            request_reason=step.data.get("reason", ""),
            acknowledge_due=self.w.calendar.add_working_days(start, ack_days),
            response_due_original=due,
            response_due=due,
            complaint_understood=self.case.summary,
        )
        self.stages[stage] = record
        self.fields.update(
            acknowledge_by=record.acknowledge_due, respond_by=due, overdue_since=None
        )
        return record

    def _stage_respond(self, stage: int, step: Step, actor) -> None:
        record = self.stages[stage]
        day = clock.local_date(step.at)
        record.responded_at = step.at
        record.working_days_taken = self.w.calendar.working_days_between(
            clock.local_date(record.opened_at), day
        )
        record.response_met = day <= record.response_due
        record.outcome = step.data["outcome"]
        record.outcome_reasons = step.data["reasons"]
        record.lessons_learned = step.data["lessons"]
        record.save()
        if record.outcome != "not_upheld":
            Remedy.objects.create(
                organisation_id=record.organisation_id,
                case_stage=record,
                kind=Remedy.Kind.APOLOGY,
                description="A written apology for what went wrong.",
            )
            if record.outcome == "upheld" and self.case.service.slug == "housing":
                Remedy.objects.create(
                    organisation_id=record.organisation_id,
                    case_stage=record,
                    kind=Remedy.Kind.FINANCIAL,
                    description="Compensation for time and trouble.",
                    amount=50 + 25 * (self.case.pk % 8),
                )
        self._event(step, CaseEvent.Kind.LETTER, f"Stage {stage} response sent", actor=actor,
                    is_internal=False)  # fmt: skip
        self._transition(step, actor=actor)

    # -- actions ----------------------------------------------------------------------------
    def _triage_complaint(self, step: Step) -> None:
        self._categorise(step)
        self.fields["ground"] = self.w.grounds.get(self.plan.ground)
        self._transition(step)
        self._stage_open(1, step, self.officer)
        self._assign(step, self.officer)

    def _triage_service_request(self, step: Step) -> None:
        self._categorise(step)
        self._transition(step)
        self._assign(step, self.officer)

    def _triage_resolve_at_first_contact(self, step: Step) -> None:
        self.fields["resolved_at_first_contact"] = True
        self._transition(step, detail="Sorted out during the call.")

    def _triage_not_accepted(self, step: Step) -> None:
        self._transition(step, detail=step.data["note"])

    def _triage_forward(self, step: Step) -> None:
        self._transition(step, detail=f"Forwarded to {step.data['to']}. {step.data['note']}")

    def _service_request_resolve(self, step: Step) -> None:
        self._transition(step, actor=self.officer, detail="Service provided.")

    def _acknowledge_complaint(self, step: Step) -> None:
        record = self.stages[1]
        record.acknowledged_at = step.at
        record.acknowledgement_met = clock.local_date(step.at) <= record.acknowledge_due
        record.save(update_fields=["acknowledged_at", "acknowledgement_met"])
        self.fields["acknowledged_at"] = step.at
        self._event(step, CaseEvent.Kind.LETTER, "Acknowledgement sent", actor=self.officer,
                    is_internal=False)  # fmt: skip

    def _acknowledge(self, step: Step) -> None:
        self.fields["acknowledged_at"] = step.at
        self._transition(step, actor=self.triager)

    def _pass_to_service(self, step: Step) -> None:
        self._categorise(step)
        self._transition(step, actor=self.triager)
        self._assign(step, self.officer)

    def _note(self, step: Step) -> None:
        self._event(step, CaseEvent.Kind.NOTE, step.data["text"][:255], actor=self.officer)

    def _extend(self, step: Step) -> None:
        record = self.stages[1]
        record.response_due = self.w.calendar.add_working_days(
            record.response_due_original, step.data["days"]
        )
        record.extension_reason = step.data["reason"]
        record.extended_at = step.at
        record.save(update_fields=["response_due", "extension_reason", "extended_at"])
        self.fields["respond_by"] = record.response_due
        self._event(step, CaseEvent.Kind.DEADLINE,
                    f"Deadline extended to {record.response_due:%d %B %Y}; holding letter sent",
                    actor=self.officer, detail=step.data["reason"], is_internal=False)  # fmt: skip

    def _stage1_respond(self, step: Step) -> None:
        self._stage_respond(1, step, self.officer)

    def _stage2_escalate(self, step: Step) -> None:
        self._transition(step, actor=self.w.users["helen"], detail=step.data["reason"])
        self._stage_open(2, step, self.manager)
        self._assign(step, self.manager)

    def _stage2_respond(self, step: Step) -> None:
        self._stage_respond(2, step, self.manager)

    def _refer_to_ombudsman(self, step: Step) -> None:
        detail = "The Ombudsman has told us the customer complained to it."
        self._transition(step, actor=self.w.users["helen"], detail=detail)

    def _withdraw(self, step: Step) -> None:
        self._transition(step, actor=self.officer, detail=step.data["reason"])

    def _close(self, step: Step) -> None:
        self._transition(step, actor=self.officer if self.case.kind != "complaint" else None)

    def _finish(self) -> None:
        today = self.w.today
        awaiting = self.state in ("received", "service_request", "stage1", "stage2")
        due = self.fields.get("respond_by")
        if awaiting and due is not None and due < today and self.case.kind == "complaint":
            self.fields["overdue_since"] = due + timedelta(days=1)
        # The state is protected from assignment; the lifecycle's transitions set it in the
        # live system, and the timeline above records each one.
        Case.objects.filter(pk=self.case.pk).update(state=self.state, **self.fields)

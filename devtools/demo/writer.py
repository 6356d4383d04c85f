"""Write demo plans into the database: each case through `feedback.services.case_create`, then
its steps (triage, acknowledgement, notes, responses, escalation...) at the moments planned."""

import hashlib
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from escalation.calendar import WorkingCalendar
from escalation.models import CaseStage, RefusalReason, Remedy
from escalation.responses import RemedyInput, stage_deadline_extend, stage_response_record
from escalation.services import case_transition
from feedback import clock
from feedback.models import (
    Case,
    CaseEvent,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    ServiceArea,
)
from feedback.roles import Role
from feedback.services import case_create, event_record
from letters.models import Letter, LetterKind, LetterTemplate

from . import people
from .officers import officer_for_service
from .plan import CasePlan, Step

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
    # One customer's reasonable adjustments come up for review next week, so the complaints
    # manager's "Reviews due" list has something in it, as a real council's would.
    adjusted = next((c for c in customers if c.reasonable_adjustments), None)
    if adjusted is not None:
        adjusted.adjustments_review_on = today + timedelta(days=5)
        adjusted.save(update_fields=["adjustments_review_on"])
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
        self.refusal_reasons = list(
            RefusalReason.objects.filter(organisation=organisation, is_active=True)
        )

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
        if plan.channel == "via-a-councillor-or-representative" and case.customer is not None:
            # Someone acted for the customer on this case, with consent recorded: half the
            # time an elected member (a member enquiry, answered to both).
            kind, name, role, area, email, address = people.REPRESENTATIVES[
                sum(map(ord, case.reference)) % len(people.REPRESENTATIVES)
            ]
            Case.objects.filter(pk=case.pk).update(
                representative_kind=kind,
                representative_name=name,
                representative_relationship=role,
                representative_area=area,
                representative_email=email,
                representative_address=address,
                representative_consent_on=clock.local_date(plan.received_at),
            )
            case.refresh_from_db()
        _CaseSteps(self, case, plan).run()
        return case


class _CaseSteps:
    """Applies one plan's steps through the lifecycle's services (`case_transition`,
    `stage_response_record`, `stage_deadline_extend`), each at the moment planned (`now=`), so
    stages, deadlines and timeline entries are exactly what the live system would have made."""

    def __init__(self, writer: Writer, case: Case, plan: CasePlan) -> None:
        self.w = writer
        self.case = case
        self.plan = plan
        self.officer = writer.users[officer_for_service(plan.service)]
        self.manager = writer.users[officer_for_service(plan.service, Role.SERVICE_MANAGER)]
        self.triager = writer.users["sarah" if case.pk % 3 else "tom"]
        self.complaints_manager = writer.users["helen"]

    def run(self) -> None:
        for step in self.plan.steps:
            getattr(self, f"_{step.action}")(step)

    # -- helpers ----------------------------------------------------------------------------
    def _move(self, step: Step, name: str, user, reason: str = "", **data) -> None:
        case_transition(case=self.case, name=name, user=user, reason=reason, data=data, now=step.at)

    def _event(self, step: Step, kind: str, summary: str, *, actor=None, **extra) -> None:
        event_record(case=self.case, kind=kind, summary=summary, actor=actor, at=step.at, **extra)

    def _assign(self, step: Step, user) -> None:
        # Saved by the transition that follows (the case's only writer at that moment).
        self.case.assigned_to = user
        self._event(
            step, CaseEvent.Kind.ASSIGNED, f"Assigned to {user.get_full_name()}", actor=self.triager
        )

    def _categorise(self, step: Step) -> None:
        if self.case.category_id is None:
            self.case.category = self.w.categories[self.plan.category]
            self._event(
                step,
                CaseEvent.Kind.CATEGORISED,
                f"Categorised: {self.case.category.name}",
                actor=self.triager,
            )
        if self.plan.ground:
            self.case.ground = self.w.grounds.get(self.plan.ground)

    def _respond(self, stage: int, step: Step, user) -> None:
        outcome = step.data["outcome"]
        remedies = []
        if outcome != "not_upheld":
            remedies.append(RemedyInput(Remedy.Kind.APOLOGY, "A written apology.", None))
        if outcome == "upheld" and self.plan.service == "housing":
            amount = Decimal(50 + 25 * (self.case.pk % 8))
            remedies.append(
                RemedyInput(Remedy.Kind.FINANCIAL, "Compensation for time and trouble.", amount)
            )
        stage_response_record(
            case=self.case,
            user=user,
            complaint_understood=self.case.summary,
            outcome=outcome,
            outcome_reasons=step.data["reasons"],
            lessons_learned=step.data["lessons"],
            remedies=remedies,
            now=step.at,
        )
        letter_mark_sent(case=self.case, stage=stage, user=user, at=step.at)
        self._move(step, f"stage{stage}_respond", user, "Response letter sent")

    # -- actions (named as in plan.STATE_AFTER) ---------------------------------------------
    def _triage_complaint(self, step: Step) -> None:
        self._categorise(step)
        self._assign(step, self.officer)
        self._move(step, "triage_complaint", self.triager, "A complaint about the service")

    def _triage_service_request(self, step: Step) -> None:
        self._categorise(step)
        self._assign(step, self.officer)
        self._move(step, "triage_service_request", self.triager, "A first request to the service")

    def _triage_resolve_at_first_contact(self, step: Step) -> None:
        self._move(step, "triage_resolve_at_first_contact", self.triager, "Sorted out on the call")

    def _triage_not_accepted(self, step: Step) -> None:
        reason = self.w.refusal_reasons[self.case.pk % len(self.w.refusal_reasons)]
        self._move(
            step, "triage_not_accepted", self.triager, step.data["note"], refusal_reason=reason
        )

    def _triage_forward(self, step: Step) -> None:
        self._move(
            step, "triage_forward", self.triager, step.data["note"], forwarded_to=step.data["to"]
        )

    def _service_request_resolve(self, step: Step) -> None:
        self._move(step, "service_request_resolve", self.officer, "Service provided")

    def _acknowledge_complaint(self, step: Step) -> None:
        pass  # accepting the complaint at triage acknowledges it (escalation.effects.stage1_open)

    def _acknowledge(self, step: Step) -> None:
        self._move(step, "acknowledge", self.triager, "Thanked the customer")

    def _pass_to_service(self, step: Step) -> None:
        self._categorise(step)
        self._assign(step, self.officer)
        self._move(step, "pass_to_service", self.triager, "For the service to see")

    def _note(self, step: Step) -> None:
        self._event(step, CaseEvent.Kind.NOTE, step.data["text"][:255], actor=self.officer)

    def _extend(self, step: Step) -> None:
        record = CaseStage.objects.get(case=self.case, stage=1)
        new_due = self.w.calendar.add_working_days(record.response_due_original, step.data["days"])
        stage_deadline_extend(
            case=self.case,
            user=self.officer,
            new_due=new_due,
            reason=step.data["reason"],
            now=step.at,
        )
        self.case.refresh_from_db()

    def _stage1_respond(self, step: Step) -> None:
        self._respond(1, step, self.officer)

    def _stage2_escalate(self, step: Step) -> None:
        self.case.assigned_to = self.manager
        self._move(
            step,
            "stage2_escalate",
            self.complaints_manager,
            step.data["reason"],
            request_reason=step.data["reason"],
            handler=self.manager,
        )

    def _stage2_respond(self, step: Step) -> None:
        self._respond(2, step, self.manager)

    def _refer_to_ombudsman(self, step: Step) -> None:
        self._move(
            step,
            "refer_to_ombudsman",
            self.complaints_manager,
            "The Ombudsman has told us the customer complained to it",
        )

    def _withdraw(self, step: Step) -> None:
        self._move(step, "withdraw", self.officer, step.data["reason"])

    def _close(self, step: Step) -> None:
        user = self.complaints_manager if self.case.kind == "complaint" else self.triager
        self._move(step, "close", user, "Nothing more to do")


def letter_mark_sent(*, case: Case, stage: int, user, at: datetime) -> None:
    """The response letter as sent: the lifecycle requires one before a respond transition.
    The letters demo (devtools.demo.letters) may give these their PDFs."""
    kind = LetterKind.STAGE1_RESPONSE if stage == 1 else LetterKind.STAGE2_RESPONSE
    template = (
        LetterTemplate.objects.filter(organisation_id=case.organisation_id, kind=kind)
        .order_by("-is_current", "-version")
        .first()
    )
    if template is None:
        template = LetterTemplate.objects.create(
            organisation_id=case.organisation_id,
            kind=kind,
            version=1,
            subject=f"Stage {stage} response to your complaint",
            body="Dear {{ customer.full_name }},\n\nOur response to your complaint.",
        )
    body = f"Our Stage {stage} response to your complaint about: {case.summary}"
    Letter.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        stage=stage,
        template=template,
        body=body,
        large_print=bool(case.customer_id and case.customer.wants_large_print),
        status=Letter.Status.SENT,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        created_by=user,
        sent_at=at,
    )

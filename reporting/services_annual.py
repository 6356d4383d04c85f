"""Writes of the Complaint Handling Code's annual report: the self-assessment (one version per
financial year, started from last year's answers), the governing body's response, publishing,
and the register of service improvements."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from feedback import clock
from feedback.models import Case, CaseEvent, Organisation, ServiceArea
from feedback.services import event_record

from .code import REQUIREMENT_KEYS
from .models import Compliance, SelfAssessment, SelfAssessmentAnswer, ServiceImprovement


@dataclass(frozen=True)
class AnswerInput:
    evidence: str = ""
    complies: str = ""
    actions_planned: str = ""


def _assessment(organisation: Organisation, year: int) -> SelfAssessment:
    assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    return assessment


@transaction.atomic
def self_assessment_save(
    *, organisation: Organisation, year: int, answers: dict[str, AnswerInput]
) -> SelfAssessment:
    """Save the council's answers for the year's requirements (the evidence the system fills in
    is never stored: it is worked out from the data each time the report is read)."""
    unknown = set(answers) - set(REQUIREMENT_KEYS)
    if unknown:
        raise ValidationError(f"Unknown requirements: {sorted(unknown)}")
    for key, answer in answers.items():
        if answer.complies and answer.complies not in Compliance.values:
            raise ValidationError({key: "Choose whether the council complies"})
    assessment = _assessment(organisation, year)
    for key, answer in answers.items():
        SelfAssessmentAnswer.objects.update_or_create(
            assessment=assessment,
            requirement=key,
            defaults={
                "evidence": answer.evidence.strip(),
                "complies": answer.complies,
                "actions_planned": answer.actions_planned.strip(),
            },
        )
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def self_assessment_start_from_previous(*, organisation: Organisation, year: int) -> int:
    """Copy last year's answers into this year's, for the requirements not answered yet;
    returns how many were copied."""
    previous = SelfAssessment.objects.filter(organisation=organisation, year=year - 1).first()
    if previous is None:
        return 0
    assessment = _assessment(organisation, year)
    answered = set(assessment.answers.values_list("requirement", flat=True))
    copies = [
        SelfAssessmentAnswer(
            assessment=assessment,
            requirement=answer.requirement,
            evidence=answer.evidence,
            complies=answer.complies,
            actions_planned=answer.actions_planned,
        )
        for answer in previous.answers.all()
        if answer.requirement not in answered and answer.requirement in REQUIREMENT_KEYS
    ]
    SelfAssessmentAnswer.objects.bulk_create(copies)
    return len(copies)


@transaction.atomic
def governing_body_response_save(
    *, organisation: Organisation, year: int, text: str, responded_on: date | None
) -> SelfAssessment:
    errors = {}
    if not text.strip():
        errors["text"] = "Enter the governing body's response"
    if responded_on is None:
        errors["responded_on"] = "Enter the date of the response"
    if errors:
        raise ValidationError(errors)
    assessment = _assessment(organisation, year)
    assessment.governing_body_response = text.strip()
    assessment.governing_body_responded_on = responded_on
    assessment.save()
    return assessment


def publish_refusal(assessment: SelfAssessment | None) -> str:
    """Why the year's report cannot be published yet, or "" when it can."""
    if assessment is None:
        return "Complete the self-assessment first."
    answered = set(assessment.answers.exclude(complies="").values_list("requirement", flat=True))
    missing = [key for key in REQUIREMENT_KEYS if key not in answered]
    if missing:
        return (
            "Say whether the council complies with every requirement "
            f"(missing: {', '.join(missing)})."
        )
    if not assessment.governing_body_response:
        return "Record the governing body's response first."
    return ""


@transaction.atomic
def annual_report_publish(
    *,
    organisation: Organisation,
    year: int,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> SelfAssessment:
    """Publish the year's report on the public page (again, after a correction: the date moves)."""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .filter(organisation=organisation, year=year)
        .first()
    )
    refusal = publish_refusal(assessment)
    if refusal:
        raise ValidationError(refusal)
    assessment.published_at = now or clock.now()
    assessment.published_by = actor
    assessment.save(update_fields=["published_at", "published_by", "updated_at"])
    return assessment


@transaction.atomic
def improvement_save(
    *,
    organisation: Organisation,
    service: ServiceArea,
    lesson: str,
    action: str,
    owner: AbstractBaseUser,
    status: str,
    done_on: date | None,
    case_references: list[str],
    publish: bool,
    actor: AbstractBaseUser,
    improvement: ServiceImprovement | None = None,
    now: datetime | None = None,
) -> ServiceImprovement:
    """Record (or update) a service improvement, linked to the cases that taught it; each newly
    linked case's timeline says so."""
    errors = {}
    if not lesson.strip():
        errors["lesson"] = "Enter what the complaints showed"
    if not action.strip():
        errors["action"] = "Enter what the council is changing"
    if status not in ServiceImprovement.Status.values:
        errors["status"] = "Choose the status"
    if status == ServiceImprovement.Status.DONE and done_on is None:
        errors["done_on"] = "Enter the date the change was made"
    references = sorted({ref.strip().upper() for ref in case_references if ref.strip()})
    cases = list(Case.objects.filter(organisation=organisation, reference__in=references))
    unknown = set(references) - {case.reference for case in cases}
    if unknown:
        errors["case_references"] = f"No case has the reference {', '.join(sorted(unknown))}"
    if errors:
        raise ValidationError(errors)
    improvement = improvement or ServiceImprovement(organisation=organisation)
    improvement.service = service
    improvement.lesson = lesson.strip()
    improvement.action = action.strip()
    improvement.owner = owner
    improvement.status = status
    improvement.done_on = done_on if status == ServiceImprovement.Status.DONE else None
    improvement.publish = publish
    improvement.save()
    linked = set(improvement.cases.values_list("pk", flat=True))
    improvement.cases.set(cases)
    for case in cases:
        if case.pk not in linked:
            event_record(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                summary=f"Linked to a service improvement: {improvement.action[:150]}",
                actor=actor,
                at=now,
            )
    return improvement

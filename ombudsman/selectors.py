"""Reads. Officer queries of Ombudsman cases start from `ombudsman_cases_visible_to`, which
scopes them the way `feedback.selectors.cases_visible_to` scopes complaints: by service."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from feedback import clock
from feedback.models import Case, Organisation, ServiceArea
from feedback.selectors import cases_visible_to

from .models import (
    TRANSITION_LABELS,
    OmbudsmanBody,
    OmbudsmanCase,
    OmbudsmanEvent,
    RecommendedRemedy,
)


def bodies_active(*, organisation: Organisation) -> QuerySet[OmbudsmanBody]:
    return OmbudsmanBody.objects.filter(organisation=organisation, is_active=True)


def body_for_case(*, case: Case) -> OmbudsmanBody | None:
    """The Ombudsman a complaint would go to: the Housing Ombudsman for the council as landlord,
    otherwise the Local Government and Social Care Ombudsman."""
    slug = "housing-ombudsman" if case.service.is_landlord_service else "lgsco"
    bodies = bodies_active(organisation=case.organisation)
    return bodies.filter(slug=slug).first() or bodies.first()


def user_can_see_ombudsman_cases(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm("ombudsman.view_ombudsmancase")
        and user.has_perm("feedback.view_case")
    )


def ombudsman_cases_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[OmbudsmanCase]:
    if not user_can_see_ombudsman_cases(user):
        return OmbudsmanCase.objects.none()
    if user.has_perm("feedback.view_all_services"):
        return OmbudsmanCase.objects.all()
    # A linked case follows its complaint's service (re-routing the complaint moves it with
    # the complainant's details); only an enquiry with no council complaint uses its own.
    services = ServiceArea.objects.filter(officers__user=user).values("pk")
    return OmbudsmanCase.objects.filter(
        Q(case__isnull=False, case__service_id__in=services)
        | Q(case__isnull=True, service_id__in=services)
    )


def ombudsman_case_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, pk: int
) -> OmbudsmanCase:
    """The case, or 403 for users who see no cases at all (committee members), or 404 for one
    outside the user's services."""
    if not user_can_see_ombudsman_cases(user):
        raise PermissionDenied
    ombudsman_case = (
        ombudsman_cases_visible_to(user)
        .select_related("body", "case", "service", "assigned_to", "organisation")
        .filter(pk=pk)
        .first()
    )
    if ombudsman_case is None:
        raise Http404("No such Ombudsman case")
    return ombudsman_case


def ombudsman_case_list(
    *, user: AbstractBaseUser | AnonymousUser, today: date | None = None
) -> QuerySet[OmbudsmanCase]:
    """The list page's rows: one query whatever the number of rows."""
    today = today or clock.today()
    return (
        ombudsman_cases_visible_to(user)
        .select_related("body", "case", "service", "assigned_to")
        .annotate(
            remedies_total=Count("remedies", distinct=True),
            remedies_outstanding=Count(
                "remedies", filter=Q(remedies__complied_on__isnull=True), distinct=True
            ),
        )
        .with_deadline_flags(today)
        .order_by("next_due", "-enquiry_received_on", "-pk")
    )


def ombudsman_case_remedies(
    *, ombudsman_case: OmbudsmanCase, today: date
) -> QuerySet[RecommendedRemedy]:
    """The case's remedies, each flagged `is_overdue`."""
    return (
        ombudsman_case.remedies.select_related("owner", "service")
        .with_deadline_flags(today)
        .order_by("due_on", "pk")
    )


def ombudsman_case_is_overdue(*, ombudsman_case: OmbudsmanCase, today: date) -> bool:
    return OmbudsmanCase.objects.filter(pk=ombudsman_case.pk).overdue(today).exists()


def ombudsman_case_timeline(*, ombudsman_case: OmbudsmanCase) -> QuerySet[OmbudsmanEvent]:
    return ombudsman_case.events.select_related("actor").order_by("at", "pk")


def ombudsman_cases_for_complaint(
    *, user: AbstractBaseUser | AnonymousUser, case: Case
) -> list[OmbudsmanCase]:
    """The complaint page's panel: the complaint's Ombudsman cases with their remedies."""
    return list(
        ombudsman_cases_visible_to(user)
        .filter(case=case)
        .select_related("body")
        .prefetch_related(
            Prefetch("remedies", queryset=RecommendedRemedy.objects.order_by("due_on", "pk"))
        )
        .order_by("-enquiry_received_on", "-pk")
    )


def complaint_for_user(*, user: AbstractBaseUser | AnonymousUser, reference: str) -> Case | None:
    return cases_visible_to(user).select_related("service").filter(reference=reference).first()


# Steps whose conditions the step's own form satisfies (documents listed, the decision given):
# their buttons show before the condition is met.
FORM_SUPPLIES_CONDITIONS = frozenset({"send_information", "record_final_decision"})


def transitions_available(
    *, ombudsman_case: OmbudsmanCase, user: AbstractBaseUser | AnonymousUser
) -> list[tuple[str, str]]:
    """The steps this user may take now, as (name, label), in page order: state and permission,
    and the conditions of the steps whose form cannot satisfy them."""
    state = ombudsman_case.state
    allowed = set()
    for transition in ombudsman_case.get_all_state_transitions():
        if transition.source != state or not transition.has_perm(ombudsman_case, user):
            continue
        if transition.name not in FORM_SUPPLIES_CONDITIONS and not all(
            condition(ombudsman_case) for condition in transition.conditions
        ):
            continue
        allowed.add(transition.name)
    return [(name, label) for name, label in TRANSITION_LABELS.items() if name in allowed]

"""Reads. Every officer-facing query of cases starts from `cases_visible_to`, so service scoping
is enforced in the query, not only hidden in the menu."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Case, Organisation, ServiceArea


def organisation_current() -> Organisation | None:
    """The council this deployment serves (one per deployment for now)."""
    return Organisation.objects.order_by("pk").first()


def user_can_see_cases(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("feedback.view_case"))


def cases_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    if not user_can_see_cases(user):
        return Case.objects.none()
    if user.has_perm("feedback.view_all_services"):
        return Case.objects.all()
    return Case.objects.filter(
        service_id__in=ServiceArea.objects.filter(officers__user=user).values("pk")
    )


def case_get_for_user(*, user: AbstractBaseUser | AnonymousUser, reference: str) -> Case:
    """The case, or 403 for users who see no cases at all (committee members), or 404 for a
    case outside the user's services: outsiders learn nothing about which references exist."""
    if not user_can_see_cases(user):
        raise PermissionDenied
    case = (
        cases_visible_to(user)
        .select_related("service", "category", "ground", "channel", "customer", "assigned_to")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case

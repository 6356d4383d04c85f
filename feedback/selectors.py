"""Reads. Every officer-facing query of cases starts from `cases_visible_to`, so service scoping
is enforced in the query, not only hidden in the menu."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from . import clock, hooks
from .models import (
    Attachment,
    Case,
    CaseEvent,
    Customer,
    Notification,
    OfficerProfile,
    Organisation,
    ServiceArea,
)
from .querysets import due_soon_q, overdue_q
from .states import OPEN_STATES


@dataclass(frozen=True)
class OmbudsmanRoute:
    """Where a customer goes when the council's procedure is over or closed to them."""

    name: str
    address: str
    phone: str
    website: str

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.address.splitlines() if line.strip())


def ombudsman_route(*, case: Case) -> OmbudsmanRoute:
    """The Ombudsman this case's customer may go to: complaints about the council as landlord
    go to the Housing Ombudsman (Housing Act 1996 Sch. 2), everything else to the Local
    Government and Social Care Ombudsman."""
    organisation = case.organisation
    if case.service.is_landlord_service:
        return OmbudsmanRoute(
            organisation.housing_ombudsman_name,
            organisation.housing_ombudsman_address,
            organisation.housing_ombudsman_phone,
            organisation.housing_ombudsman_website,
        )
    return OmbudsmanRoute(
        organisation.ombudsman_name,
        organisation.ombudsman_address,
        organisation.ombudsman_phone,
        organisation.ombudsman_website,
    )


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
        .select_related(
            "service",
            "category",
            "ground",
            "channel",
            "customer",
            "customer__contact_restriction_set_by",
            "assigned_to",
        )
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case


def user_sees_all_services(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("feedback.view_all_services"))


def services_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ServiceArea]:
    if not user_can_see_cases(user):
        return ServiceArea.objects.none()
    if user_sees_all_services(user):
        return ServiceArea.objects.all()
    return ServiceArea.objects.filter(officers__user=user)


def officer_can_see_service(*, user: AbstractBaseUser, service: ServiceArea) -> bool:
    if not user.is_active or not user_can_see_cases(user):
        return False
    if user_sees_all_services(user):
        return True
    return OfficerProfile.objects.filter(user=user, services=service).exists()


def _with_permission(codename: str) -> Q:
    return (
        Q(is_superuser=True)
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label="feedback",
        )
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label="feedback",
        )
    )


def officers_for_service(*, service: ServiceArea) -> QuerySet:
    """Active staff who can open a case of this service: its own officers, and the central
    team who see every service."""
    User = get_user_model()  # noqa: N806
    casework = User.objects.filter(_with_permission("view_case")).values("pk")
    everywhere = User.objects.filter(_with_permission("view_all_services")).values("pk")
    return (
        User.objects.filter(is_active=True, pk__in=casework)
        .filter(Q(officer__services=service) | Q(pk__in=everywhere))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def officers_all(*, organisation: Organisation | None = None) -> QuerySet:
    User = get_user_model()  # noqa: N806
    users = User.objects.filter(is_active=True, officer__isnull=False)
    if organisation is not None:
        users = users.filter(officer__organisation=organisation)
    return users.order_by("first_name", "last_name", "username")


def case_list_for_user(
    user: AbstractBaseUser | AnonymousUser, *, today: date | None = None
) -> QuerySet[Case]:
    """The officer case list: visible cases with what each row shows, in one query per page."""
    today = today or clock.today()
    return (
        cases_visible_to(user)
        .select_related("service", "category", "channel", "customer", "assigned_to")
        .with_deadline_flags(today)
    )


DASHBOARD_LIST_SIZE = 10
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class Dashboard:
    today: date
    due_soon_until: date
    mine_count: int
    due_soon_count: int
    overdue_count: int
    mine: list[Case]
    due_soon: list[Case]
    overdue: list[Case]
    services: list[ServiceArea]


def dashboard_for(*, user: AbstractBaseUser, today: date | None = None) -> Dashboard:
    """The officer's dashboard in a fixed number of queries, whatever the caseload."""
    today = today or clock.today()
    organisation = organisation_current()
    until = (
        hooks.working_days_after(organisation=organisation, start=today, days=DUE_SOON_WORKING_DAYS)
        if organisation
        else today
    )
    cases = case_list_for_user(user, today=today)
    open_cases = cases.filter(state__in=OPEN_STATES)
    mine_q = Q(assigned_to=user)
    counts = open_cases.aggregate(
        mine=Count("pk", filter=mine_q),
        soon=Count("pk", filter=due_soon_q(today, until)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    by_service = (
        services_visible_to(user)
        .filter(is_active=True)
        .annotate(
            open_count=Count("case", filter=Q(case__state__in=OPEN_STATES)),
            due_soon_count=Count("case", filter=due_soon_q(today, until, prefix="case__")),
            overdue_count=Count("case", filter=overdue_q(today, prefix="case__")),
        )
        .order_by("position", "name")
    )
    limit = DASHBOARD_LIST_SIZE
    return Dashboard(
        today=today,
        due_soon_until=until,
        mine_count=counts["mine"],
        due_soon_count=counts["soon"],
        overdue_count=counts["overdue"],
        mine=list(open_cases.filter(mine_q).order_by(F("respond_by").asc(nulls_last=True))[:limit]),
        due_soon=list(cases.due_soon(today, until).order_by("respond_by", "received_at")[:limit]),
        overdue=list(cases.overdue(today).order_by("respond_by", "received_at")[:limit]),
        services=list(by_service),
    )


def customers_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Customer]:
    """Customers with a case the user may see: a service officer meets only its customers."""
    if not user_can_see_cases(user) or not user.has_perm("feedback.view_customer"):
        return Customer.objects.none()
    if user_sees_all_services(user):
        return Customer.objects.all()
    return Customer.objects.filter(
        Exists(cases_visible_to(user).filter(customer_id=OuterRef("pk")))
    )


def customer_get_for_user(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> Customer:
    if not user_can_see_cases(user) or not user.has_perm("feedback.view_customer"):
        raise PermissionDenied
    customer = (
        customers_visible_to(user)
        .select_related("contact_restriction_set_by")
        .filter(pk=pk)
        .first()
    )
    if customer is None:
        raise Http404("No such customer")
    return customer


def customer_cases_for_user(
    *, user: AbstractBaseUser, customer: Customer, exclude: Case | None = None
) -> QuerySet[Case]:
    cases = case_list_for_user(user).filter(customer=customer).order_by("-received_at")
    if exclude is not None:
        cases = cases.exclude(pk=exclude.pk)
    return cases


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "pk")


def case_attachments(*, case: Case) -> QuerySet[Attachment]:
    return case.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def attachment_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, reference: str, pk: int
) -> Attachment:
    """An attachment is as visible as its case: 403 / 404 exactly as `case_get_for_user`."""
    case = case_get_for_user(user=user, reference=reference)
    attachment = Attachment.objects.filter(case=case, pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def case_by_idempotency_key(key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=key).first() if key else None


def acknowledgement_status(*, case: Case) -> tuple[str, str]:
    """(address, status) of the case's acknowledgement email, for a page that must say only
    what is true: status is "sent", "failed", "queued" (in the outbox, not yet accepted by the
    mail server) or "" when there is no email to send."""
    row = (
        Notification.objects.filter(key=f"ack-email:{case.reference}")
        .values_list("to", "status")
        .first()
    )
    if row is None:
        return "", ""
    to, status = row
    if status in (Notification.Status.SENT, Notification.Status.FAILED):
        return to, status
    return to, "queued"

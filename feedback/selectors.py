"""Reads. Every officer-facing query of cases starts from `cases_visible_to`, so service scoping
is enforced in the query, not only hidden in the menu."""

import dataclasses
import sys
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Least, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.functional import cached_property

from dbreads.first_row import FirstRow, first_rows
from dbreads.shaped import Shaped

from . import clock, hooks
from .models import (
    Attachment,
    Case,
    CaseEvent,
    CaseLink,
    Category,
    Channel,
    Customer,
    Notification,
    OfficerProfile,
    Organisation,
    ServiceArea,
)
from .querysets import due_soon_q, is_overdue_on, overdue_q
from .queues import (
    QUEUED_STATES,
    CaseQueue,
    QueueRow,
    WorkQueue,
    case_queue_url,
    case_queues_for,
)
from .reference import organisation_kept, reference_read, stamp_read_with
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


# Read on every request (it carries the reference data's version): compiling the ORM's query
# took about 0.25 ms of CPU a request, three times the query's own.
_organisation_first = FirstRow(Organisation, lambda: Organisation.objects.order_by("pk"))


def organisation_current(stamp: str | None = None) -> Organisation | None:
    """The council this deployment serves (one per deployment for now). `stamp`: the
    reference stamp this request already has (feedback.reference)."""
    return organisation_kept(_organisation_first, stamp)


# Read by every submission that gives an address: compiling the query cost more CPU than
# PostgreSQL spends answering it. The address goes as the `iexact` lookup prepares it.
_customer_first = FirstRow(
    Customer,
    lambda organisation_id, email: Customer.objects.filter(
        organisation_id=organisation_id, email__iexact=email
    ).order_by("pk"),
    stand_ins=(-424242, "customer.match@sentinel.invalid"),
    prepare=lambda alias, values: (
        values[0],
        connections[alias].ops.prep_for_iexact_query(values[1]),
    ),
)


def customer_by_email(organisation: Organisation, email: str) -> Customer | None:
    """The council's first customer (lowest id) with this email address, in any case."""
    return _customer_first(organisation.pk, email)


def organisation_for_request(request) -> Organisation | None:
    """`organisation_current()`, read once per request however many parts of the page ask
    (the context processor, the list's filters, its bulk form)."""
    if not hasattr(request, "_organisation_current"):
        session = getattr(request, "session", None)
        request._organisation_current = organisation_current(stamp_read_with(session))
    return request._organisation_current


def first_row_with_organisation(request, read: FirstRow, *values):
    """`read(*values)`, and `organisation_for_request(request)` if the request has not read it
    yet, in one round trip to the database (dbreads.first_rows): the API's token check reads
    its token and then the council on every request."""
    if hasattr(request, "_organisation_current"):
        return read(*values)
    row, request._organisation_current = first_rows((read, values), (_organisation_first, ()))
    return row


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


def officers_who_can_act(*, organisation: Organisation | None = None) -> QuerySet:
    """Officers who can own casework (investigate a case): never a committee member or an
    account that only reads statistics."""
    User = get_user_model()  # noqa: N806
    acting = User.objects.filter(_with_permission("investigate_case")).values("pk")
    return officers_all(organisation=organisation).filter(pk__in=acting)


def officers_for_case_list(*, organisation: Organisation | None) -> list:
    """`officers_all` in one query, each marked `can_act` (one of `officers_who_can_act`): the
    case list's "assigned to" filter offers them all, its bulk assignment those who can act."""
    User = get_user_model()  # noqa: N806
    acting = User.objects.filter(_with_permission("investigate_case"), pk=OuterRef("pk"))
    return list(officers_all(organisation=organisation).annotate(can_act=Exists(acting)))


@dataclass(frozen=True)
class CaseListReference:
    """The reference data the officer case list offers in its menus, read together and kept
    by the process (feedback.reference): the same for every officer, narrowed to one officer's
    services by `services_for` and `own_services`."""

    services: list[ServiceArea]
    # Each service's officers (user ids), for the narrowing, as ServiceArea.officers holds them.
    service_officers: dict[int, frozenset[int]]
    categories: list[Category]
    channels: list[Channel]
    # `officers_for_case_list`: every officer, each marked `can_act`.
    officers: list
    # The list's menus as printed from this data (feedback/templatetags/officer.py), kept with
    # it so a change of the reference data drops them too.
    printed: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def services_for(self, user: AbstractBaseUser | AnonymousUser) -> list[ServiceArea]:
        """`services_visible_to(user)`, from the cached services."""
        if not user_can_see_cases(user):
            return []
        if user_sees_all_services(user):
            return self.services
        return self.own_services(user)

    def own_services(self, user: AbstractBaseUser | AnonymousUser) -> list[ServiceArea]:
        """The services the user is an officer of (those a saved view may be shared with)."""
        return [s for s in self.services if user.pk in self.service_officers.get(s.pk, ())]


def _case_list_reference_read(organisation: Organisation | None) -> CaseListReference:
    members: dict[int, set[int]] = {}
    through = OfficerProfile.services.through.objects.values_list(
        "servicearea_id", "officerprofile__user_id"
    )
    for service_id, user_id in through:
        members.setdefault(service_id, set()).add(user_id)
    return CaseListReference(
        services=list(ServiceArea.objects.order_by("position", "name")),
        service_officers={pk: frozenset(users) for pk, users in members.items()},
        categories=list(Category.objects.filter(organisation=organisation)),
        channels=list(Channel.objects.filter(organisation=organisation)),
        officers=officers_for_case_list(organisation=organisation),
    )


def case_list_reference(organisation: Organisation | None) -> CaseListReference:
    if organisation is None:
        return _case_list_reference_read(None)
    return reference_read(
        organisation, "case-list", lambda: _case_list_reference_read(organisation)
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


def case_list_page_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    """The officer case list's cases, filtered and paged by the view; `case_list_rows` reads
    one page's columns (and tells which are overdue from them: no annotation to build and
    compile for every request)."""
    return cases_visible_to(user)


# The officer list's count and rows, compiled once per shape of its filters (CaseListCases).
_case_list_reads = Shaped(Case)


class CaseListCases:
    """The officer list's filtered cases as Django's `Paginator` pages them (`count()`, a slice),
    read with SQL compiled once per shape of the filters (`dbreads.shaped.Shaped`): building and
    compiling the same query for every request was a fifth of the list's CPU. `shape` is the
    filter's (`CaseFilter.shape`), over `case_list_page_for_user(user)` in the view's order;
    `case_list_rows` reads a page's rows with `values()`. `ids`: the page is these cases (a
    keyword's page, `MatchesPaginator`), not a slice."""

    def __init__(
        self, shape, *, user, low: int = 0, high: int | None = None, ids: tuple | None = None
    ) -> None:
        self.shape = shape
        self.user = user
        # The filters' key, and what the cases visible to the user depend on besides their id.
        self.key = (user_can_see_cases(user), user_sees_all_services(user), shape.key)
        self.low, self.high = low, high
        self.ids = ids

    def count(self) -> int:
        shape = self.shape
        return _case_list_reads.count(self.key, shape.build, shape.values, shape.stand_ins)

    def __getitem__(self, page: slice) -> "CaseListCases":
        return CaseListCases(self.shape, user=self.user, low=page.start or 0, high=page.stop)

    def with_ids(self, ids: list[int]) -> "CaseListCases":
        return CaseListCases(self.shape, user=self.user, ids=tuple(ids))

    def _cases(self) -> QuerySet[Case]:
        # The page's cases as models, for a reader other than the list's rows: the ORM's.
        shape = self.shape
        cases = shape.build(*shape.values)
        if self.ids is not None:
            return cases.filter(pk__in=self.ids)
        return cases[self.low : self.high]

    def __iter__(self):
        return iter(self._cases())

    def __len__(self) -> int:
        return len(self._cases())

    def read(self, kind: tuple, then, values: tuple = (), stand_ins=((), ()), **limits) -> list:
        """`then(cases, *values)`'s rows (a values() queryset of these filtered cases), compiled
        once per shape and `kind`, which names all `then` depends on but `values`."""
        shape = self.shape
        n = len(shape.values)
        return _case_list_reads.values(
            (self.key, kind),
            lambda *given: then(shape.build(*given[:n]), *given[n:]),
            (*shape.values, *values),
            tuple(
                (*filters, *more) for filters, more in zip(shape.stand_ins, stand_ins, strict=True)
            ),
            **limits,
        )

    def values(self, *fields: str) -> list[dict]:
        if self.ids is None:
            return self.read(
                ("page", fields), lambda cases: cases.values(*fields), low=self.low, high=self.high
            )
        return self.read(
            ("ids", len(self.ids), fields),
            lambda cases, *ids: cases.filter(pk__in=ids).values(*fields),
            self.ids,
            tuple(
                tuple(-9_000_000 - k - offset for k in range(len(self.ids))) for offset in (0, 500)
            ),
        )


@dataclass(frozen=True)
class CaseListRow:
    """One row of the officer case list, its labels ready to print."""

    reference: str
    summary: str
    url: str
    kind: str
    customer: str
    classified: str  # "category · channel", or "" for a case not yet classified
    service: str
    state: str
    assigned_to: str
    received: str
    respond_by: str
    overdue: bool


# What a row of the officer case list shows, as plain values: no model instances to build for
# a list that only prints, and not the description, the search vector and the rest. The
# service's, category's and channel's names come from the kept reference data
# (`case_list_reference`): three joins fewer, which more than halves the query's planning time.
_ROW_VALUES = (
    "reference",
    "kind",
    "state",
    "summary",
    "received_at",
    "respond_by",
    "service_id",
    "category_id",
    "channel_id",
    "customer_id",
    "customer__title",
    "customer__first_name",
    "customer__last_name",
    "assigned_to_id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)


def _day(day: date, months: dict[int, str]) -> str:
    # The `date:"j M Y"` filter's output, without its per-call format and translation lookups.
    return f"{day.day} {months[day.month]} {day.year}"


def _labels(model: type[models.Model], field: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _names(items, model: type[models.Model], ids: set[int]) -> dict[int, str]:
    """Names by id from the kept reference data; any id it lacks (another organisation's) is
    read from the database."""
    names = {item.pk: item.name for item in items}
    missing = ids - names.keys() - {None}
    if missing:
        names.update(model._default_manager.filter(pk__in=missing).values_list("pk", "name"))
    return names


def _paged_before_joins(page: QuerySet[Case]) -> QuerySet[Case]:
    """`page` (filtered, sorted, cut to one page) as one query that finds the page's ids first
    and joins the customer and the officer to those rows only. A keyword's matches come from the
    search indexes in no particular order, and PostgreSQL joined every match (358 for the bench's
    "collected") before sorting and keeping 25: the join was most of the search page's time."""
    if not page.query.is_sliced:
        return page
    whole = page._chain()
    whole.query.clear_limits()
    return whole.filter(pk__in=page.values("pk"))


def _plain_order(cases: QuerySet[Case]) -> list[OrderBy] | None:
    """The cases' order as expressions, or None unless it is of plain field names."""
    orders = []
    for name in cases.query.order_by:
        if not isinstance(name, str) or name in ("?", "-?"):
            return None
        descending = name.startswith("-")
        orders.append(OrderBy(F(name.removeprefix("-")), descending=descending))
    return orders


class MatchesPaginator(Paginator):
    """The pages of a keyword's matches (`object_list`: filtered and sorted), whose count is read
    with the requested page's ids in one query (`COUNT(*) OVER ()` beside the page's ids).
    Django's paginator counts first and then reads the page: two searches of the indexes, each
    a bitmap of every match checked against the table (333 heap pages for the bench's
    "collected"), where one is enough. A page's `object_list` is then its cases by id, in the
    list's order, for `case_list_rows` to join. `requested` is the page number as the request
    gave it. The query numbers the matches and keeps the requested page, or the last page when
    the number is past the end or below 1, which is the page Django shows then: one query,
    whatever the number."""

    def __init__(
        self, object_list: "QuerySet[Case] | CaseListCases", per_page: int, *, requested
    ) -> None:
        super().__init__(object_list, per_page)
        self.requested = requested
        self._ids: dict[int, list[int]] = {}

    def _requested_number(self) -> int:
        # As `get_page` reads it: anything but a whole number is page 1; a number below 1 is
        # past the end (the last page).
        try:
            number = int(self.requested)
        except (TypeError, ValueError):
            return 1
        return number if number >= 1 else sys.maxsize // self.per_page

    def _numbered(self, cases: QuerySet[Case], start) -> QuerySet[Case]:
        # Numbered and kept in a subquery (Django's filter on a window): PostgreSQL 15 costs a
        # window over all rows as if LIMIT stopped it early, and for a common word ("smith",
        # 1,470 matches) read the whole table backwards by `received_at` (0.7 s) instead of
        # the search's indexes; the subquery is planned for all its rows (5-45 ms).
        order = _plain_order(cases)
        if not order:
            raise ValueError("the matches are numbered in an order of plain field names")
        last_start = (F("_matches") - 1) / self.per_page * self.per_page
        return (
            cases.annotate(_matches=Window(Count("*")))
            .annotate(_position=Window(RowNumber(), order_by=order))
            .filter(_position__gt=Least(Value(start), last_start))
            .values("pk", "_matches", "_position")
        )

    @cached_property
    def count(self) -> int:
        start = (self._requested_number() - 1) * self.per_page
        if isinstance(self.object_list, CaseListCases):
            # The list's sorts are plain field names: compiled once per shape and page size.
            found = self.object_list.read(
                ("matches", self.per_page),
                self._numbered,
                (start,),
                ((-8_000_001,), (-8_000_002,)),
                high=self.per_page,
            )
        elif not _plain_order(self.object_list):
            return super().count
        else:
            found = list(self._numbered(self.object_list, start)[: self.per_page])
        if not found:
            self._ids[1] = []
            return 0
        self._ids[(found[0]["_position"] - 1) // self.per_page + 1] = [row["pk"] for row in found]
        return found[0]["_matches"]

    def page(self, number):
        number = self.validate_number(number)
        ids = self._ids.get(number)
        if ids is None:
            return super().page(number)
        if isinstance(self.object_list, CaseListCases):
            return self._get_page(self.object_list.with_ids(ids), number, self)
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def case_list_rows(
    cases: QuerySet[Case] | CaseListCases,
    *,
    reference: CaseListReference,
    searched: bool = False,
    today: date | None = None,
) -> list[CaseListRow]:
    """The rows of one page of `case_list_page_for_user`, in one query. `searched`: the page's
    cases are a keyword's matches (see `_paged_before_joins`); without a keyword the database
    reads the cases in the page's order and stops at the page's end, so the plain query is
    quicker. A row is overdue as of `today` (`querysets.is_overdue_on`)."""
    today = today or clock.today()
    if searched and isinstance(cases, QuerySet):
        cases = _paged_before_joins(cases)
    values = list(cases.values(*_ROW_VALUES))
    services = _names(reference.services, ServiceArea, {v["service_id"] for v in values})
    categories = _names(reference.categories, Category, {v["category_id"] for v in values})
    channels = _names(reference.channels, Channel, {v["channel_id"] for v in values})
    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    # Each label once per page, not once a row (`get_FOO_display` rebuilds its choices' dict
    # on every call, `localtime` looks the time zone up on every call).
    kinds = _labels(Case, "kind")
    states = _labels(Case, "state")
    zone = timezone.get_current_timezone()
    # One reverse() for the page: a reference is made of URL-safe characters only.
    url = reverse("officer:case_detail", args=["REFERENCE"])
    return [
        CaseListRow(
            reference=v["reference"],
            summary=v["summary"],
            url=url.replace("REFERENCE", v["reference"]),
            kind=kinds.get(v["kind"], v["kind"]),
            customer=_joined(
                v["customer__title"], v["customer__first_name"], v["customer__last_name"]
            ),
            classified=(
                f"{categories[v['category_id']]} · {channels[v['channel_id']]}"
                if v["category_id"]
                else ""
            ),
            service=services[v["service_id"]],
            state=states.get(v["state"], v["state"]),
            assigned_to=(
                f"{v['assigned_to__first_name']} {v['assigned_to__last_name']}".strip()
                or v["assigned_to__username"]
                if v["assigned_to_id"]
                else ""
            ),
            received=_day(v["received_at"].astimezone(zone).date(), months),
            respond_by=_day(v["respond_by"], months) if v["respond_by"] else "",
            overdue=is_overdue_on(v["state"], v["respond_by"], today),
        )
        for v in values
    ]


def _joined(*parts: str | None) -> str:
    # Customer.full_name, from the values alone.
    return " ".join(part for part in parts if part)


DASHBOARD_LIST_SIZE = 10
DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class Dashboard:
    today: date
    due_soon_until: date
    queues: list[WorkQueue]
    services: list[ServiceArea]

    def queue(self, key: str) -> WorkQueue | None:
        return next((queue for queue in self.queues if queue.key == key), None)


def due_soon_until(*, today: date, organisation: Organisation | None = None) -> date:
    """The end of the "due soon" window: DUE_SOON_WORKING_DAYS working days after today."""
    organisation = organisation or organisation_current()
    if organisation is None:
        return today
    return hooks.working_days_after(
        organisation=organisation, start=today, days=DUE_SOON_WORKING_DAYS
    )


def _case_row(case: Case, queue: CaseQueue) -> QueueRow:
    day = getattr(case, queue.day_field)
    return QueueRow(
        reference=case.reference,
        url=reverse("officer:case_detail", args=[case.reference]),
        summary=case.summary,
        service=case.service.name,
        status=case.get_state_display(),
        day=day.date() if hasattr(day, "date") else day,
        is_overdue=case.is_overdue,
    )


def dashboard_for(*, user: AbstractBaseUser, today: date | None = None) -> Dashboard:
    """The officer's work queues in a fixed number of queries, whatever the caseload: one for
    every case queue's count, one list per queue, then each wing's queues."""
    today = today or clock.today()
    until = due_soon_until(today=today)
    cases = cases_visible_to(user).with_deadline_flags(today).filter(state__in=QUEUED_STATES)
    case_queues = case_queues_for(user)
    conditions = {queue.key: queue.condition(user, today, until) for queue in case_queues}
    counts = cases.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    queues = []
    for queue in case_queues:
        # The first few by key alone, then their rows: a queue of thousands is sorted without
        # joining each case to its service first (23 ms to 3 ms at 100,000 cases).
        first = cases.filter(conditions[queue.key]).order_by(*queue.order).values("pk")
        rows = (
            cases.filter(pk__in=Subquery(first[:DASHBOARD_LIST_SIZE]))
            .select_related("service")
            .order_by(*queue.order)
        )
        title = queue.title
        if queue.key == "due_soon":
            title = f"Due in the next {DUE_SOON_WORKING_DAYS} working days"
        queues.append(
            WorkQueue(
                key=queue.key,
                title=title,
                count=counts[queue.key],
                rows=[_case_row(case, queue) for case in rows],
                url=case_queue_url(queue),
                empty=queue.empty,
                day_heading=queue.day_heading,
            )
        )
    for wing_queues in hooks.dashboard_queues(user=user, today=today):
        queues.extend(wing_queues)
    services = (
        services_visible_to(user)
        .filter(is_active=True)
        .annotate(
            open_count=_open_cases_of_service(),
            due_soon_count=_open_cases_of_service(due_soon_q(today, until)),
            overdue_count=_open_cases_of_service(overdue_q(today)),
        )
        .order_by("position", "name")
    )
    return Dashboard(today=today, due_soon_until=until, queues=queues, services=list(services))


def _open_cases_of_service(condition: Q | None = None) -> Coalesce:
    """How many of a service's open cases meet `condition`: a count by the (service, state)
    index for each service, not a join to every case the council ever received (100 ms at
    100,000 cases)."""
    cases = Case.objects.filter(service=OuterRef("pk"), state__in=OPEN_STATES)
    if condition is not None:
        cases = cases.filter(condition)
    counted = cases.order_by().values("service").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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
    """The officer's timeline, one entry per event. A lifecycle step writes two rows (the audit
    entry with the officer's reason, internal, and a milestone with no detail for the
    customer's progress page: escalation.services._timeline_write); here the milestone is
    folded into its audit entry, which says `customer_sees`."""

    def twin(*, is_internal: bool) -> Exists:
        return Exists(
            CaseEvent.objects.filter(
                case_id=OuterRef("case_id"),
                kind=CaseEvent.Kind.TRANSITION,
                at=OuterRef("at"),
                summary=OuterRef("summary"),
                is_internal=is_internal,
            ).exclude(pk=OuterRef("pk"))
        )

    milestone = Q(kind=CaseEvent.Kind.TRANSITION, is_internal=False, actor__isnull=True)
    return (
        case.events.select_related("actor")
        .annotate(has_audit_twin=twin(is_internal=True), has_milestone=twin(is_internal=False))
        .exclude(milestone & Q(has_audit_twin=True))
        .annotate(
            customer_sees=models.Case(
                models.When(Q(is_internal=False) | Q(has_milestone=True), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )
        .order_by("at", "pk")
    )


def case_links_for_user(*, user: AbstractBaseUser, case: Case) -> list[tuple[str, Case]]:
    """The cases linked to `case` that `user` may see, with the kind of link: one query."""
    visible = cases_visible_to(user)
    links = (
        CaseLink.objects.filter(Q(case=case) | Q(other=case))
        .filter(Q(case__in=visible) & Q(other__in=visible))
        .select_related("case__service", "other__service")
        .order_by("created_at", "pk")
    )
    return [
        (link.get_kind_display(), link.other if link.case_id == case.pk else link.case)
        for link in links
    ]


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


# The public form's confirmation page: the case it has just sent, with what the page prints.
case_for_confirmation = FirstRow(
    Case,
    lambda pk: Case.objects.select_related("service", "customer", "organisation").filter(pk=pk),
    stand_ins=(-424242,),
)


def case_by_idempotency_key(key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=key).first() if key else None


_acknowledgement_row = FirstRow(
    Notification,
    lambda key: Notification.objects.filter(key=key).values_list("to", "status"),
    stand_ins=("ack-email:stand-in",),
)


def acknowledgement_status(*, case: Case) -> tuple[str, str]:
    """(address, status) of the case's acknowledgement email, for a page that must say only
    what is true: status is "sent", "failed", "queued" (in the outbox, not yet accepted by the
    mail server) or "" when there is no email to send."""
    row = _acknowledgement_row(f"ack-email:{case.reference}")
    if row is None:
        return "", ""
    to, status = row
    if status in (Notification.Status.SENT, Notification.Status.FAILED):
        return to, status
    return to, "queued"

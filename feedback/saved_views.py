"""Saved case list views ("my queue"): the services that save, rename, share and delete one,
and the selectors that list a user's views with the number of cases each holds."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404

from .filters import CaseFilter
from .models import Organisation, SavedCaseView, ServiceArea
from .reference import reference_read
from .selectors import case_list_for_user, cases_visible_to

# Besides the filters themselves, what a view keeps of the list's query string.
KEPT_PARAMETERS = ("sort", "page_size")


def saved_query_from(data: QueryDict) -> str:
    """The filters of a case list query string, without the page number or empty values, in a
    fixed order: the same filters give the same saved query."""
    names = {*CaseFilter.base_filters, *KEPT_PARAMETERS}
    pairs = [
        (name, value) for name in sorted(names) for value in data.getlist(name) if value.strip()
    ]
    return urlencode(pairs)


def views_for_user(
    user: AbstractBaseUser, *, services: list[ServiceArea]
) -> QuerySet[SavedCaseView]:
    """The user's own views and those shared with one of `services`, the ones they work in
    (the case list has them from its kept reference data)."""
    return (
        SavedCaseView.objects.filter(
            Q(owner=user) | Q(shared_with__in=[service.pk for service in services])
        )
        .select_related("owner", "shared_with")
        .order_by("name", "pk")
    )


def views_for_user_kept(
    user: AbstractBaseUser, *, organisation: Organisation | None, services: list[ServiceArea]
) -> list[SavedCaseView]:
    """`views_for_user`, kept per process with the reference data (feedback.reference): saved
    views are registered there, so saving, sharing or deleting one is seen at the next
    request. Shared between requests: read-only."""
    if organisation is None:
        return list(views_for_user(user, services=services))
    return reference_read(
        organisation,
        f"saved-views:{user.pk}",
        lambda: list(views_for_user(user, services=services)),
    )


def own_view_get(*, user: AbstractBaseUser, pk: int) -> SavedCaseView:
    """One of the user's own views; anyone else's is a 404, shared with them or not."""
    return get_object_or_404(SavedCaseView, pk=pk, owner=user)


def shareable_services(user: AbstractBaseUser) -> QuerySet[ServiceArea]:
    return ServiceArea.objects.filter(officers__user=user).order_by("position", "name")


def saved_view_create(
    *, user: AbstractBaseUser, name: str, query: str, shared_with: ServiceArea | None = None
) -> SavedCaseView:
    return SavedCaseView.objects.create(
        owner=user, name=name.strip(), query=query, shared_with=shared_with
    )


def saved_view_update(
    *, view: SavedCaseView, name: str, shared_with: ServiceArea | None
) -> SavedCaseView:
    view.name = name.strip()
    view.shared_with = shared_with
    view.save(update_fields=["name", "shared_with"])
    return view


def saved_view_delete(*, view: SavedCaseView) -> None:
    view.delete()


@dataclass(frozen=True)
class SavedViewRow:
    view: SavedCaseView
    count: int | None  # None when the saved filters no longer validate (say, a removed service)
    own: bool


def saved_view_rows(
    *, request: HttpRequest, views: list[SavedCaseView], list_filter: CaseFilter, today: date
) -> list[SavedViewRow]:
    """Each view with how many cases it holds for this user, in one query for all the views
    (plus the list filter's choices, read once)."""
    if not views:
        return []
    cases = case_list_for_user(request.user, today=today)
    shared = list_filter.choices_read()
    # Read now, whether or not a view needs it: the page's cost is then the same whatever views
    # the user has (a work queue's view needs the "due soon" day).
    shared.due_soon_until  # noqa: B018
    counters = {}
    for view in views:
        view_filter = CaseFilter(
            QueryDict(view.query), queryset=cases, request=request, today=today, choices=shared
        )
        if view_filter.is_valid():
            matching = view_filter.qs.order_by().values("pk")
            counters[f"view_{view.pk}"] = Count("pk", filter=Q(pk__in=matching))
    counts = cases_visible_to(request.user).aggregate(**counters) if counters else {}
    return [
        SavedViewRow(
            view=view, count=counts.get(f"view_{view.pk}"), own=view.owner_id == request.user.pk
        )
        for view in views
    ]

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from .. import clock
from ..access_log import access_record
from ..filters import CaseFilter
from ..models import AccessLogEntry, Case
from ..progress import progress_links_live
from ..saved_views import saved_query_from, saved_view_rows, views_for_user_kept
from ..selectors import (
    CaseListCases,
    MatchesPaginator,
    attachment_get_for_user,
    case_attachments,
    case_get_for_user,
    case_links_for_user,
    case_list_page_for_user,
    case_list_reference,
    case_list_rows,
    case_timeline,
    customer_cases_for_user,
    organisation_for_request,
)
from .access import casework_required
from .bulk import BulkAssignForm
from .forms import case_action_forms
from .matching import DECIDE_PERMISSION
from .saved_views import SavedViewForm

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


@casework_required
def case_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    cases = case_list_page_for_user(request.user).order_by("-received_at", "-pk")
    organisation = organisation_for_request(request)
    reference = case_list_reference(organisation)
    officers = reference.officers
    case_filter = CaseFilter(
        request.GET or None,
        queryset=cases,
        request=request,
        today=today,
        choices=CaseFilter.choices_from(request=request, reference=reference, today=today),
    )
    page_size = _page_size(request)
    requested = request.GET.get("page")
    # An invalid filter (say, a malformed date) is left out of the query and its error shown.
    # The count and the page's rows are compiled once per shape of the filters.
    results = CaseListCases(case_filter.shape(), user=request.user)
    if case_filter.searched:
        # A keyword's matches: the count comes with the page's ids, in one search.
        paginator = MatchesPaginator(results, page_size, requested=requested)
    else:
        paginator = Paginator(results, page_size)
    page = paginator.get_page(requested)
    current_query = saved_query_from(request.GET)
    own_services = reference.own_services(request.user)
    saved_views = saved_view_rows(
        request=request,
        views=views_for_user_kept(
            request.user,
            organisation=organisation,
            services=own_services,
        ),
        list_filter=case_filter,
        today=today,
    )
    return render(
        request,
        "feedback/officer/case_list.html",
        {
            "filter": case_filter,
            "list_reference": reference,
            "form": case_filter.form,
            "form_errors": [case_filter.form]
            if case_filter.is_bound and case_filter.errors
            else [],
            "page": page,
            "rows": case_list_rows(
                page.object_list,
                reference=reference,
                searched=case_filter.searched,
                today=today,
            ),
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
            "sort": request.GET.get("sort", "-received"),
            # The two small forms are built only if the page's memo of their printed fields
            # lacks them (feedback/templatetags/officer.py): on most requests it has them.
            "bulk_form": SimpleLazyObject(
                lambda: BulkAssignForm(
                    user=request.user, organisation=organisation, officers=officers
                )
            )
            if request.user.has_perm("feedback.assign_case")
            else None,
            "saved_views": saved_views,
            "current_query": current_query,
            "save_view_form": SimpleLazyObject(
                lambda: SavedViewForm(user=request.user, services=own_services)
            ),
            "save_view_services": own_services,
        },
    )


def case_page(
    request: HttpRequest, case, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The case page; an action whose form is invalid re-renders it with that form bound."""
    forms = case_action_forms(request, case, bound=bound)
    today = clock.today()
    other_cases = (
        list(customer_cases_for_user(user=request.user, customer=case.customer, exclude=case))
        if case.customer_id
        else []
    )
    return render(
        request,
        "feedback/officer/case_detail.html",
        {
            "case": case,
            "customer": case.customer,
            "other_cases": other_cases,
            "linked_cases": case_links_for_user(user=request.user, case=case),
            "attachments": list(case_attachments(case=case)),
            "timeline": list(case_timeline(case=case)),
            "forms": forms,
            "form_errors": [f for f in forms.values() if f is not None and f.errors],
            "case_overdue": Case.objects.is_overdue(case, today),
            "possible_match": case.customer.possible_match if case.customer_id else None,
            "can_decide_match": request.user.has_perm(DECIDE_PERMISSION),
            "progress_links_live": progress_links_live(case=case),
        },
        status=status,
    )


@casework_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference)
    access_record(
        request=request,
        kind=AccessLogEntry.Kind.CASE,
        object_id=case.pk,
        case_reference=case.reference,
        customer_id=case.customer_id,
    )
    return case_page(request, case)


@casework_required
def attachment_download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, reference=reference, pk=pk)
    if not attachment.servable:
        # Upload quarantine (feedback.quarantine): waiting for its scan, or withheld.
        raise Http404("This document is not available")
    access_record(
        request=request,
        kind=AccessLogEntry.Kind.ATTACHMENT,
        object_id=attachment.pk,
        case_reference=reference,
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # Personal data: never kept by a shared cache or the browser's back/forward cache.
    response["Cache-Control"] = "private, no-store"
    return response

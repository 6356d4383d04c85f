from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..access_log import SEARCH_PERMISSION, access_log_search
from .access import officer_required


@officer_required(SEARCH_PERMISSION)
def access_log(request: HttpRequest) -> HttpResponse:
    reference = request.GET.get("reference", "")
    officer = request.GET.get("officer", "")
    entries = access_log_search(reference=reference, username=officer)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/officer/access_log.html",
        {"page": page, "reference": reference, "officer": officer},
    )

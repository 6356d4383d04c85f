from rest_framework.pagination import CursorPagination


class CaseCursorPagination(CursorPagination):
    """Stable pages while new cases arrive; `-pk` breaks ties between equal receipt times."""

    ordering = ("-received_at", "-pk")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

"""The officer case list's filters (feedback.filters.CaseFilter) for the API: the same
filters, with slugs instead of database ids for reference data, and without `sort` (a cursor
page needs one fixed order)."""

from datetime import date

import django_filters
from rest_framework.exceptions import ValidationError

from feedback.filters import CaseFilter
from feedback.models import Category, Channel

EARLIEST = date(1900, 1, 1)
LATEST = date(9000, 1, 1)


class ApiCaseFilter(CaseFilter):
    service = django_filters.ModelChoiceFilter(
        queryset=None, to_field_name="slug", help_text="A service's slug."
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.none(), to_field_name="slug", help_text="A category's slug."
    )
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.none(), to_field_name="slug", help_text="A channel's slug."
    )
    # Declared again, not inherited: a declared filter object is shared with the parent class,
    # and building the schema caches its form field (with the choices of that moment).
    assigned = django_filters.ChoiceFilter(
        choices=[],
        method="filter_assigned",
        label="Assigned to",
        empty_label="Anyone",
        help_text='"me", "none", or an officer\'s id (`assigned_to.id` in a case).',
    )
    sort = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The parent sets querysets and choices per request; a form field cached on the class's
        # filter (by the schema generator) would keep stale ones, so build them afresh.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def search(self, queryset, name, value):
        if "\x00" in value:
            raise ValidationError({"q": ["Must not contain NUL characters."]})
        return super().search(queryset, name, value)

    # Dates at the ends of the calendar overflow when turned into aware times; no case was
    # received then, so such a bound filters nothing out.
    def filter_received_from(self, queryset, name, value):
        if value <= EARLIEST:
            return queryset
        return super().filter_received_from(queryset, name, value)

    def filter_received_to(self, queryset, name, value):
        if value >= LATEST:
            return queryset
        return super().filter_received_to(queryset, name, value)

"""The officer list's free-text search: one home, used by the list's filter (feedback.filters)
and so by the API, which uses the same filter.

On PostgreSQL it is full-text search over `Case.search_vector` (kept by triggers, migration
0015: reference, summary, description, outcome wanted, customer's name, internal notes and
letters' text), read with `websearch_to_tsquery` ("quoted phrases", `or`, `-word`) in the
English configuration (stemmed: "complaints" finds "complaint") or the 'simple' one (whole
words as written, for Welsh, which PostgreSQL has no configuration for), on a GIN index; a
part of a reference ("00042") is found by the trigram index on the reference (migration 0003).
Elsewhere (SQLite, for development) every word must appear, in any case, in the reference,
summary, description, customer's name or a note: a plain `icontains`, slow at scale.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import CaseEvent, Customer

# A whole reference (CMP-2026-00042) is looked up on its unique index, not searched.
WHOLE_REFERENCE = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{5,}$")
NOTE_KINDS = (CaseEvent.Kind.NOTE, CaseEvent.Kind.CUSTOMER)
MAX_WORDS = 6


def whole_reference(value: str) -> str | None:
    """The reference `value` is, upper-cased, if it is one whole reference."""
    value = value.strip()
    return value.upper() if WHOLE_REFERENCE.match(value) else None


def searched_words(value: str) -> str | None:
    """The words `value` is searched for, as `cases_search` reads them (at most MAX_WORDS, one
    space apart), or None when it is not a search for words (a whole reference, or blank).
    `cases_search` gives the same query for `value` and for its words."""
    if whole_reference(value) or not value.split():
        return None
    return " ".join(value.split()[:MAX_WORDS])


def cases_search(queryset: QuerySet, value: str) -> QuerySet:
    reference = whole_reference(value)
    if reference:
        return queryset.filter(reference=reference)
    if not value.split():
        return queryset
    if connection.vendor == "postgresql":
        return cases_search_full_text(queryset, value)
    return cases_search_fallback(queryset, value)


def cases_search_full_text(queryset: QuerySet, value: str) -> QuerySet:
    words = " ".join(value.split()[:MAX_WORDS])
    query = SearchQuery(words, config="english", search_type="websearch") | SearchQuery(
        words, config="simple", search_type="websearch"
    )
    return queryset.filter(Q(search_vector=query) | Q(reference__icontains=words))


def cases_search_fallback(queryset: QuerySet, value: str) -> QuerySet:
    """Every word must match somewhere (no stemming; letters are not searched here)."""
    for word in value.split()[:MAX_WORDS]:
        customers = Customer.objects.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word)
        ).values("pk")
        notes = CaseEvent.objects.filter(
            case=OuterRef("pk"), kind__in=NOTE_KINDS, detail__icontains=word
        )
        queryset = queryset.filter(
            Q(reference__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(outcome_wanted__icontains=word)
            | Q(customer_id__in=customers)
            | Exists(notes)
        )
    return queryset

"""A report costs a fixed handful of queries, however many cases and services there are."""

import pytest
from django.db import connection

from reporting.selectors import public_statistics_get, report_get

pytestmark = pytest.mark.django_db

# Names of services, channels, categories, grounds and refusal reasons (5); then one query each,
# covering the three periods at once (9): cases by received_at, withdrawn cases by closed_at,
# stages by opened_at, stages by responded_at (by working days too, for the medians),
# compensation offered (by responded_at) and paid (by paid_on), refusals, chasing contacts and
# satisfaction surveys by sent_at; the Ombudsman's own measures (3, for the three periods). On
# PostgreSQL one more: the report transaction's settings (no JIT, memory to hash in RAM).
FIGURES_QUERIES = 5 + 9 + 3 + (connection.vendor == "postgresql")
# The report adds its introduction and the targets (the council's own and the policies).
REPORT_QUERIES = FIGURES_QUERIES + 1 + 2


def test_a_report_costs_a_fixed_number_of_queries(
    organisation, dataset, h1_2025, django_assert_num_queries
):
    with django_assert_num_queries(REPORT_QUERIES):
        report = report_get(organisation=organisation, kind="standards", period=h1_2025)
    assert report.tables["summary"].rows[0][1] == 16


def test_the_public_page_costs_a_fixed_number_of_queries(
    organisation, dataset, h1_2025, django_assert_num_queries
):
    with django_assert_num_queries(FIGURES_QUERIES):
        tables = public_statistics_get(organisation=organisation, period=h1_2025)
    assert tables["summary"].rows[0][1] == 16


def test_the_public_figures_are_computed_once_while_cached(
    organisation, dataset, h1_2025, django_assert_num_queries, settings
):
    public_statistics_get(organisation=organisation, period=h1_2025)
    with django_assert_num_queries(0):
        tables = public_statistics_get(organisation=organisation, period=h1_2025)
    assert tables["summary"].rows[0][1] == 16
    settings.PUBLIC_STATISTICS_CACHE_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    public_statistics_get(organisation=organisation, period=h1_2025)
    with django_assert_num_queries(FIGURES_QUERIES):
        public_statistics_get(organisation=organisation, period=h1_2025)

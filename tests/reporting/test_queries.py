"""A report costs a fixed handful of queries, however many cases and services there are."""

import pytest

from reporting.selectors import public_statistics_get, report_get

pytestmark = pytest.mark.django_db


def test_a_report_costs_a_fixed_number_of_queries(
    organisation, dataset, h1_2025, django_assert_num_queries
):
    # names of services, channels, categories, grounds, refusal reasons (5); cases (1);
    # stages (1); medians (1: PostgreSQL's percentile_cont by stage, or SQLite's histogram of
    # days); compensation (1); refusals (1); the Ombudsman's own measures (4 a period, 12);
    # the introduction (1).
    with django_assert_num_queries(23):
        report = report_get(organisation=organisation, kind="standards", period=h1_2025)
    assert report.tables["summary"].rows[0][1] == 16


def test_the_public_page_costs_a_fixed_number_of_queries(
    organisation, dataset, h1_2025, django_assert_num_queries
):
    with django_assert_num_queries(22):
        tables = public_statistics_get(organisation=organisation, period=h1_2025)
    assert tables["summary"].rows[0][1] == 16

"""Every measure of the April-September 2025 report against figures counted by hand from the
dataset in conftest.py (never by calling the code under test)."""

from datetime import date
from decimal import Decimal

import pytest

from escalation.calendar import WorkingCalendar
from reporting.measures import figures_compute, median_of_counts

from .conftest import CASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(organisation, dataset, h1_2025):
    return figures_compute(organisation=organisation, period=h1_2025)


def values(bucket, key):
    return tuple(bucket.get(key, {}).get(p) for p in ("current", "previous", "year_earlier"))


def test_the_fixture_working_days_agree_with_the_calendar():
    """The hand-written working days across Easter and the May bank holidays are right."""
    calendar = WorkingCalendar(nation="ENG")
    for spec in CASES:
        for stage in spec.stages:
            if stage.days is not None:
                opened = date.fromisoformat(stage.opened[:10])
                responded = date.fromisoformat(stage.responded[:10])
                assert calendar.working_days_between(opened, responded) == stage.days, spec.ref


def test_volumes_for_the_whole_council(figures):
    council = figures.council
    assert values(council, "received") == (16, 7, 4)
    assert values(council, "received_complaint") == (10, 5, 2)
    assert values(council, "received_comment") == (3, 1, 1)
    assert values(council, "received_compliment") == (3, 1, 1)
    assert values(council, "reached_formal") == (7, 3, 2)
    assert values(council, "formal_rate") == (43.8, 42.9, 50.0)
    assert values(council, "resolvable") == (13, 6, 3)
    assert values(council, "first_contact") == (3, 1, None)
    assert values(council, "first_contact_rate") == (23.1, 16.7, 0.0)
    assert values(council, "refused") == (1, 1, None)


def test_refusals_by_reason(figures):
    reasons = {
        v: figures.by_reason[k]
        for k, v in figures.names["reason"].items()
        if k in figures.by_reason
    }
    another_route = "Another route applies (for example a statutory appeal or tribunal)"
    assert values(reasons[another_route], "refused") == (1, None, None)
    assert values(
        reasons["More than 12 months after the customer knew of the matter"], "refused"
    ) == (None, 1, None)
    names = {v: k for k, v in figures.names["service"].items()}
    assert values(figures.by_service[names["Leisure"]], "refused") == (1, None, None)


def test_the_ombudsman_measures_come_from_the_ombudsman_app(figures):
    current = figures.ombudsman["current"]
    assert (current["referred"], current["decided"], current["upheld"]) == (1, 1, 1)
    assert current["upheld_rate"] == 100.0
    assert figures.ombudsman["previous"]["referred"] == 0


def test_period_boundaries_use_local_time(figures):
    """C1 (00:30 BST on 1 April 2025) is this period and P1 (23:30 BST on 31 March) the
    previous one; X1 (00:10 BST on 1 October 2025) is in no period of this report, though it is
    still 30 September in UTC."""
    housing = figures.by_service[
        next(k for k, v in figures.names["service"].items() if v == "Housing")
    ]
    assert values(housing, "received_complaint") == (5, 3, 2)


def test_volumes_by_service(figures):
    names = {v: k for k, v in figures.names["service"].items()}
    housing = figures.by_service[names["Housing"]]
    planning = figures.by_service[names["Planning and Development"]]
    leisure = figures.by_service[names["Leisure"]]
    assert values(housing, "received") == (7, 5, 2)
    assert values(planning, "received") == (4, 1, 1)
    assert values(leisure, "received") == (5, 1, 1)
    assert values(housing, "received_compliment") == (1, 1, None)
    assert values(leisure, "received_compliment") == (2, None, 1)
    assert values(planning, "received_compliment") == (None, None, None)
    assert values(housing, "reached_formal") == (4, 2, 2)
    assert values(planning, "reached_formal") == (3, 1, None)
    assert names["Revenues and Benefits"] not in figures.by_service


def test_volumes_by_kind_channel_category_and_ground(figures):
    assert values(figures.by_kind["complaint"], "received") == (10, 5, 2)
    assert values(figures.by_kind["comment"], "received") == (3, 1, 1)
    assert values(figures.by_kind["compliment"], "received") == (3, 1, 1)
    channel = {
        v: figures.by_channel[k]
        for k, v in figures.names["channel"].items()
        if k in figures.by_channel
    }
    assert values(channel["Web form"], "received") == (9, 6, 3)
    assert values(channel["Telephone"], "received") == (4, 1, None)
    assert values(channel["Letter"], "received") == (3, None, 1)
    category = {
        v: figures.by_category[k]
        for k, v in figures.names["category"].items()
        if k in figures.by_category
    }
    assert values(category["Service failure"], "received") == (9, 4, 2)
    assert values(category["Officer behaviour"], "received") == (1, 1, None)
    assert values(category["Other"], "received") == (2, 1, None)
    assert values(category["Bureaucratic process"], "received") == (1, None, 1)
    assert values(category["Compliment of good service"], "received") == (3, 1, 1)
    ground = {
        v: figures.by_ground[k]
        for k, v in figures.names["ground"].items()
        if k in figures.by_ground
    }
    assert values(ground["Service failure"], "reached_formal") == (5, 2, 1)
    assert values(ground["Poor information"], "reached_formal") == (2, 1, 1)
    assert values(figures.by_ground[None], "reached_formal") == (None, None, None)


def test_stage_1(figures):
    council = figures.council
    assert values(council, "s1_received") == (7, 3, 2)
    assert values(council, "s1_answered") == (7, 2, 1)
    assert values(council, "s1_in_time") == (5, 2, 1)
    assert values(council, "s1_in_time_rate") == (71.4, 100.0, 100.0)
    assert values(council, "s1_days") == (104, 20, 13)
    assert values(council, "s1_average_days") == (14.9, 10.0, 13.0)
    assert values(council, "s1_median") == (15.0, 10.0, 13.0)
    assert values(council, "s1_extended") == (1, None, None)
    assert values(council, "s1_upheld") == (4, 1, None)
    assert values(council, "s1_partly") == (1, None, None)
    assert values(council, "s1_not_upheld") == (2, 1, 1)
    assert values(council, "s1_withdrawn") == (1, None, None)
    assert values(council, "s1_lessons") == (3, None, None)


def test_stage_2(figures):
    council = figures.council
    assert values(council, "s2_received") == (2, None, None)
    assert values(council, "s2_answered") == (1, None, None)
    assert values(council, "s2_in_time_rate") == (100.0, None, None)
    assert values(council, "s2_average_days") == (18.0, None, None)
    assert values(council, "s2_median") == (18.0, None, None)
    assert values(council, "s2_extended") == (None, None, None)
    assert values(council, "s2_partly") == (1, None, None)
    assert values(council, "s2_upheld") == (None, None, None)
    assert values(council, "s2_withdrawn") == (1, None, None)
    assert values(council, "s2_lessons") == (1, None, None)


def test_stage_measures_by_service_with_an_even_median(figures):
    names = {v: k for k, v in figures.names["service"].items()}
    housing = figures.by_service[names["Housing"]]
    planning = figures.by_service[names["Planning and Development"]]
    assert values(housing, "s1_answered") == (5, 1, 1)
    assert values(housing, "s1_in_time_rate") == (60.0, 100.0, 100.0)
    assert values(housing, "s1_median") == (15.0, 10.0, 13.0)
    # Planning answered in 20 and 5 working days: the median of two is their mean.
    assert values(planning, "s1_median") == (12.5, 10.0, None)
    assert values(planning, "s1_in_time_rate") == (100.0, 100.0, None)


def test_compensation_by_service(figures):
    names = {v: k for k, v in figures.names["service"].items()}
    assert values(figures.council, "compensation") == (Decimal("215.50"), None, None)
    assert values(figures.council, "compensation_payments") == (4, None, None)
    assert values(figures.by_service[names["Housing"]], "compensation") == (
        Decimal("190.00"),
        None,
        None,
    )
    assert values(figures.by_service[names["Planning and Development"]], "compensation") == (
        Decimal("25.50"),
        None,
        None,
    )


def test_median_of_counts_interpolates_like_percentile_cont():
    assert median_of_counts({}) is None
    assert median_of_counts({7: 1}) == 7
    assert median_of_counts({5: 1, 20: 1}) == 12.5
    assert median_of_counts({1: 2, 3: 1, 10: 1}) == 2.0
    assert median_of_counts({4: 3, 9: 1}) == 4.0


def test_a_year_counts_the_previous_year_once_for_both_comparisons(organisation, dataset):
    """For a financial year the previous period IS the year earlier: one set of queries fills
    both, with the figures a report of that year has as its own."""
    from reporting import periods

    year = periods.parse("2025-26")
    figures = figures_compute(organisation=organisation, period=year)
    before = figures_compute(organisation=organisation, period=year.previous())
    for key in ("received", "s1_answered", "s1_in_time", "compensation", "refused"):
        assert figures.council[key]["previous"] == figures.council[key]["year_earlier"]
        assert figures.council[key]["previous"] == before.council[key]["current"]
    in_year = [c for c in CASES if "2025-04-01" <= c.received[:10] < "2026-04-01"]
    assert figures.council["received"]["current"] == len(in_year)


def test_a_long_date_range_counts_its_overlapping_comparisons_in_full(organisation, dataset):
    """A range of nine months overlaps the same range a year earlier with its previous period
    (October to December 2024 is in both): each comparison has every row of its own period, as
    the reports of those periods count them."""
    from reporting.periods import Period, PeriodKind

    period = Period(date(2025, 4, 1), date(2025, 12, 31), PeriodKind.RANGE)
    figures = figures_compute(organisation=organisation, period=period)
    comparisons = {
        "previous": figures_compute(organisation=organisation, period=period.previous()),
        "year_earlier": figures_compute(organisation=organisation, period=period.year_earlier()),
    }
    assert figures.council["received"]["previous"]
    assert figures.council["received"]["year_earlier"]
    for key, alone in comparisons.items():
        for bucket, own in [
            (figures.council, alone.council),
            *[(figures.by_service[s], alone.by_service[s]) for s in alone.by_service],
        ]:
            for measure, by_period in own.items():
                assert bucket.get(measure, {}).get(key) == by_period.get("current"), measure


def test_a_stage_counts_in_the_service_it_was_handled_in(organisation, dataset, h1_2025):
    """C4 (Planning; Stage 1 answered in 20 working days, upheld, extended, £25.50 offered) is
    moved to Leisure after its Stage 1 opened. The case now counts as received by Leisure, but
    its Stage 1 stays with Planning, where it was handled. Counted by hand: Planning answered
    C4 (20 days) and C10 (5 days) this period; Leisure answered no stage."""
    from feedback.models import ServiceArea
    from feedback.services import case_categorise
    from tests.factories import UserFactory

    c4 = dataset["C4"]
    leisure = ServiceArea.objects.get(organisation=organisation, slug="leisure")
    case_categorise(
        case=c4,
        category=c4.category,
        ground=c4.ground,
        service=leisure,
        actor=UserFactory(),
    )
    figures = figures_compute(organisation=organisation, period=h1_2025)
    names = {v: k for k, v in figures.names["service"].items()}
    planning = figures.by_service[names["Planning and Development"]]
    leisure_figures = figures.by_service[names["Leisure"]]
    assert values(planning, "received") == (3, 1, 1)
    assert values(leisure_figures, "received") == (6, 1, 1)
    assert values(planning, "s1_answered") == (2, 1, None)
    assert values(planning, "s1_median") == (12.5, 10.0, None)
    assert values(planning, "s1_extended") == (1, None, None)
    assert values(planning, "compensation") == (Decimal("25.50"), None, None)
    assert values(leisure_figures, "s1_answered") == (None, None, None)
    assert values(leisure_figures, "s1_received") == (None, None, None)
    assert values(leisure_figures, "compensation") == (None, None, None)

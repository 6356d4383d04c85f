"""The measures on a hand-built year (1 April 2025 to 31 March 2026, the LGSCO's year)."""

from datetime import date
from decimal import Decimal

import pytest

from ombudsman.measures import ombudsman_measures, ombudsman_measures_periods
from ombudsman.models import Decision, OmbudsmanState, Outcome
from tests.factories import OrganisationFactory, ServiceAreaFactory
from tests.factories.ombudsman import OmbudsmanCaseFactory, RecommendedRemedyFactory

START, END = date(2025, 4, 1), date(2026, 3, 31)
S = OmbudsmanState


@pytest.fixture
def year(organisation, lgsco, housing, planning):
    def case(service, received, state, outcome="", decision="", decided=None):
        return OmbudsmanCaseFactory(
            organisation=organisation,
            body=lgsco,
            service=service,
            enquiry_received_on=received,
            state=state,
            outcome=outcome,
            decision=decision,
            decided_on=decided,
        )

    investigated = Outcome.INVESTIGATED
    upheld_injustice = case(
        housing, date(2025, 5, 1), S.FINAL_DECISION, investigated,
        Decision.UPHELD_INJUSTICE, date(2025, 9, 1),
    )  # fmt: skip
    case(housing, date(2025, 6, 1), S.CLOSED, investigated, Decision.NOT_UPHELD, date(2025, 10, 1))
    # Referred before the year, decided in it: counted as decided, not as referred.
    already_remedied = case(
        planning, date(2025, 2, 1), S.CLOSED, investigated,
        Decision.UPHELD_REMEDIED, date(2025, 6, 1),
    )  # fmt: skip
    case(
        planning, date(2025, 7, 1), S.CLOSED_INITIAL_ENQUIRIES, Outcome.INITIAL_ENQUIRIES,
        decided=date(2025, 7, 20),
    )  # fmt: skip
    case(
        housing, date(2025, 8, 1), S.CLOSED_PREMATURE, Outcome.PREMATURE, decided=date(2025, 8, 10)
    )
    case(housing, date(2025, 9, 1), S.WITHDRAWN, Outcome.WITHDRAWN)  # not a decision
    decided_next_year = case(
        housing, date(2026, 2, 1), S.FINAL_DECISION, investigated,
        Decision.UPHELD_NO_INJUSTICE, date(2026, 5, 1),
    )  # fmt: skip
    case(housing, date(2026, 3, 1), S.ENQUIRY_RECEIVED)
    no_injustice = case(
        housing, date(2025, 11, 1), S.FINAL_DECISION, investigated,
        Decision.UPHELD_NO_INJUSTICE, date(2026, 1, 10),
    )  # fmt: skip

    def remedy(ombudsman_case, kind, due, complied=None, amount=None, paid=None):
        RecommendedRemedyFactory(
            ombudsman_case=ombudsman_case,
            kind=kind,
            due_on=due,
            complied_on=complied,
            amount=amount,
            amount_paid=paid,
        )

    remedy(upheld_injustice, "apology", date(2025, 10, 1), date(2025, 9, 25))  # on time
    remedy(
        upheld_injustice, "financial", date(2025, 11, 1), date(2025, 11, 20),
        Decimal("500"), Decimal("450"),
    )  # late  # fmt: skip
    remedy(no_injustice, "staff_training", date(2026, 3, 1))  # outstanding
    # Due after the year but paid within it: compensation, not compliance.
    remedy(
        no_injustice, "financial", date(2026, 4, 15), date(2026, 3, 20),
        Decimal("200"), Decimal("200"),
    )  # fmt: skip
    remedy(
        already_remedied, "financial", date(2025, 7, 1), date(2025, 7, 1),
        Decimal("100"), Decimal("100"),
    )  # on time  # fmt: skip
    remedy(decided_next_year, "apology", date(2026, 6, 1))  # due after the year

    # Another council's case is never counted.
    other = OrganisationFactory(slug="elsewhere", name="Elsewhere Council")
    OmbudsmanCaseFactory(
        organisation=other,
        service=ServiceAreaFactory(organisation=other),
        enquiry_received_on=date(2025, 5, 1),
        outcome=investigated,
        decision=Decision.UPHELD_INJUSTICE,
        decided_on=date(2025, 9, 1),
    )


def test_the_years_figures_as_the_lgsco_counts_them(
    organisation, year, housing, planning, django_assert_num_queries
):
    with django_assert_num_queries(3):
        figures = ombudsman_measures(organisation=organisation, start=START, end=END)
    assert figures == {
        "referred": 8,
        "decided": 6,
        "investigated": 4,
        "upheld": 3,
        "not_upheld": 1,
        "upheld_rate": 75.0,
        "already_remedied": 1,
        "already_remedied_rate": 33.3,
        "closed_after_initial_enquiries": 1,
        "premature": 1,
        "remedies_due": 4,
        "remedies_on_time": 2,
        "remedies_late": 1,
        "remedies_outstanding": 1,
        "compliance_rate": 75.0,
        "on_time_rate": 50.0,
        "compensation_total": Decimal("750.00"),
        "compensation_by_service": [
            {"service_id": housing.pk, "service_name": "Housing", "total": Decimal("650.00")},
            {
                "service_id": planning.pk,
                "service_name": "Planning and Development",
                "total": Decimal("100.00"),
            },
        ],
    }


def test_the_figures_for_one_service(organisation, year, housing):
    figures = ombudsman_measures(organisation=organisation, start=START, end=END, service=housing)
    assert (figures["referred"], figures["decided"], figures["upheld"], figures["not_upheld"]) == (
        7,
        4,
        2,
        1,
    )
    assert figures["upheld_rate"] == 66.7
    assert figures["already_remedied"] == 0
    assert figures["already_remedied_rate"] == 0.0
    assert (
        figures["remedies_due"],
        figures["remedies_on_time"],
        figures["remedies_late"],
        figures["remedies_outstanding"],
    ) == (3, 1, 1, 1)
    assert figures["compensation_total"] == Decimal("650.00")


def test_an_empty_period_has_no_rates(organisation, year):
    figures = ombudsman_measures(
        organisation=organisation, start=date(2030, 1, 1), end=date(2030, 12, 31)
    )
    assert figures["decided"] == 0
    assert figures["upheld_rate"] is None
    assert figures["compliance_rate"] is None
    assert figures["compensation_total"] == Decimal("0.00")
    assert figures["compensation_by_service"] == []


def test_several_periods_at_once_give_each_periods_own_figures(
    organisation, year, housing, django_assert_num_queries
):
    periods = [
        (START, END),
        (date(2025, 4, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2026, 3, 31)),
        (date(2030, 1, 1), date(2030, 12, 31)),
    ]
    for service in (None, housing):
        with django_assert_num_queries(3):
            together = ombudsman_measures_periods(
                organisation=organisation, periods=periods, service=service
            )
        assert together == [
            ombudsman_measures(organisation=organisation, start=start, end=end, service=service)
            for start, end in periods
        ]


def test_the_compiled_statements_are_the_orms_parameter_for_parameter(organisation, year, housing):
    """ombudsman_measures_periods sends the SQL it compiled once (dbreads.grouped)
    with each call's dates: the same statements, parameters and figures as the ORM's own
    aggregate() and values() for those dates, for the first call and the later ones, whether
    the periods are apart, the same or overlapping."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ombudsman.measures import _period_figures, _queries

    last_year = (date(2024, 4, 1), date(2025, 3, 31))
    period_sets = [
        [(START, END), last_year, last_year],
        [(date(2025, 4, 1), date(2025, 9, 30)), (date(2024, 10, 1), date(2025, 3, 31)),
         (date(2024, 4, 1), date(2024, 9, 30))],
        [(date(2025, 6, 1), date(2026, 5, 31)), (START, END), (date(2030, 1, 1), date(2030, 1, 1))],
    ]  # fmt: skip
    for service in (None, housing, None):
        for periods in period_sets:
            with CaptureQueriesContext(connection) as ours:
                figures = ombudsman_measures_periods(
                    organisation=organisation, periods=periods, service=service
                )
            queries = _queries(organisation, service, periods)
            with CaptureQueriesContext(connection) as orm:
                cases = queries.cases[0].aggregate(**queries.cases[1])
                remedies = queries.remedies[0].aggregate(**queries.remedies[1])
                paid = list(queries.paid_by_service)
            assert [q["sql"] for q in ours] == [q["sql"] for q in orm]
            assert figures == [
                _period_figures(index, cases, remedies, paid) for index in range(len(periods))
            ]

import io
import json
import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from devtools.bench import RefusedError, cases_ensure
from devtools.bench.generate import cases_generate
from escalation.calendar import WorkingCalendar
from escalation.models import CaseStage
from feedback.models import Case
from feedback.services import CustomerDetails, case_create
from feedback.states import FORMAL_STATES

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("Europe/London"))
LONDON = ZoneInfo("Europe/London")


def _generate(organisation, count, *, batch_size=40, seed=1, days=730):
    return cases_generate(
        organisation=organisation,
        count=count,
        rng=random.Random(seed),
        now=NOW,
        batch_size=batch_size,
        days=days,
    )


def test_the_generator_makes_n_cases_with_unique_references_in_batches(organisation):
    assert _generate(organisation, 130) == 130
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == 130
    assert len(set(references)) == 130


def test_references_continue_from_the_counters_case_create_uses(organisation, housing, web_form):
    _generate(organisation, 60)
    case = case_create(
        organisation=organisation,
        kind="complaint",
        service=housing,
        channel=web_form,
        summary="After the bench",
        description="A real one.",
        customer_details=CustomerDetails(first_name="Ann", email="ann@example.com"),
        received_at=NOW,
        now=NOW,
    )
    year = Case.objects.filter(reference__startswith="CMP-2026-").exclude(pk=case.pk)
    numbers = [int(r.rsplit("-", 1)[1]) for r in year.values_list("reference", flat=True)]
    assert int(case.reference.rsplit("-", 1)[1]) == max(numbers) + 1


def test_formal_complaints_have_stage1_with_working_day_deadlines(organisation):
    _generate(organisation, 200)
    calendar = WorkingCalendar(nation="ENG")
    formal = Case.objects.filter(state__in=FORMAL_STATES)
    assert formal.exists()
    assert CaseStage.objects.filter(stage=1, case__in=formal).count() == formal.count()
    for stage in CaseStage.objects.filter(stage=1).select_related("case")[:50]:
        received = stage.case.received_at.astimezone(LONDON).date()
        assert stage.response_due_original == calendar.add_working_days(received, 15)
        if stage.extended_at is None:
            assert stage.response_due == stage.response_due_original
        assert calendar.is_working_day(stage.acknowledge_due)
    stage2 = Case.objects.filter(state__in=["stage2", "stage2_responded", "ombudsman"])
    assert CaseStage.objects.filter(stage=2, case__in=stage2).count() == stage2.count()


def test_generated_cases_cover_kinds_and_open_and_closed_states(organisation):
    _generate(organisation, 300, days=60)  # recent enough for every open state
    assert set(Case.objects.values_list("kind", flat=True)) == {
        "complaint",
        "comment",
        "compliment",
    }
    states = set(Case.objects.values_list("state", flat=True))
    assert {"received", "stage1", "closed"} <= states
    overdue = Case.objects.filter(overdue_since__isnull=False)
    assert all(c.respond_by < c.overdue_since for c in overdue)


def test_the_bench_refuses_a_database_with_other_cases_unless_forced(organisation):
    _generate(organisation, 5)
    with pytest.raises(RefusedError, match="already holds 5 cases"):
        cases_ensure(cases=20, seed=1, force=False, batch_size=10, write=lambda _: None)
    cases_ensure(cases=20, seed=1, force=True, batch_size=10, write=lambda _: None)
    assert Case.objects.count() == 20


def test_a_database_with_enough_cases_is_measured_without_generating(organisation):
    _generate(organisation, 12)
    lines = []
    cases_ensure(cases=10, seed=1, force=False, batch_size=10, write=lines.append)
    assert Case.objects.count() == 12
    assert "measuring without generating" in lines[0]


def test_the_bench_command_prints_figures_or_says_what_it_skipped(organisation, tmp_path):
    out = io.StringIO()
    results = tmp_path / "ours.json"
    call_command(
        "bench",
        *("--cases", "60", "--repeats", "2", "--submissions", "2", "--letters", "2"),
        *("--json", str(results)),
        stdout=out,
    )
    text = out.getvalue()
    assert "batch of 2 one-page letters" in text
    # What every officer page pays first, beside the list: the sign-in reads and no page (four
    # at the bench; here the permissions too, which a test's own transaction keeps unkept).
    floor = next(line for line in text.splitlines() if "sign-in checks alone" in line)
    assert "HTTP 301" in floor
    assert int(re.search(r"queries/request +(\d+)", floor)[1]) <= 5
    # The peer harness's shape, so ../shared/peer-bench/compare.py reads it.
    scenarios = json.loads(results.read_text())["scenarios"]
    assert {"a_list_total", "b_search_total", "c_report_committee", "d_submit", "d_flow"} <= set(
        scenarios
    )
    for figures in scenarios.values():
        assert figures["median_ms"] > 0
        assert figures["min_ms"] <= figures["median_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert scenarios["d_submit"]["method"] == "POST"
    assert 0 < scenarios["d_submit"]["queries"] < scenarios["d_flow"]["queries"]
    assert "Generated 60 cases" in text
    assert "Officer case list" in text
    assert "Public feedback form" in text
    for section in ("Officer case list", "Public feedback form"):
        after = text.split(section, 1)[1].splitlines()[1]
        assert "median" in after or "submissions/s" in after or "skipped" in after, after


def test_the_bench_command_refuses_the_demo_database(organisation, housing_case):
    with pytest.raises(CommandError, match="--force"):
        call_command("bench", "--cases", "10", stdout=io.StringIO())


def test_outcomes_give_every_measure_data_and_a_second_run_adds_nothing(organisation):
    from devtools.bench.outcomes import outcomes_generate
    from escalation.models import CaseTriage, RefusalReason, Remedy

    if not RefusalReason.objects.filter(organisation=organisation).exists():
        RefusalReason.objects.create(organisation=organisation, name="Out of time")
    _generate(organisation, 600, batch_size=200, days=1500)
    triaged = Case.objects.exclude(state="received")
    assert CaseTriage.objects.count() == triaged.count()
    refused = CaseTriage.objects.filter(outcome="not_accepted")
    assert refused.count() == Case.objects.filter(state="not_accepted").count() > 0
    assert not refused.filter(refusal_reason__isnull=True).exists()
    payments = Remedy.objects.filter(kind="financial")
    assert payments.exists()
    assert not payments.filter(amount__isnull=True).exists()
    assert not payments.exclude(case_stage__outcome__in=["upheld", "partly_upheld"]).exists()
    extended = CaseStage.objects.filter(extended_at__isnull=False)
    assert extended.exists()
    for stage in extended:
        assert stage.response_due == stage.response_due_original + timedelta(days=14)
        answered_on = stage.responded_at.astimezone(timezone.get_current_timezone()).date()
        assert stage.response_met == (answered_on <= stage.response_due)
    assert CaseStage.objects.exclude(lessons_learned="").exists()

    counts = (CaseTriage.objects.count(), Remedy.objects.count(), extended.count())
    outcomes_generate(organisation=organisation)
    assert (CaseTriage.objects.count(), Remedy.objects.count(), extended.count()) == counts


def test_the_list_is_measured_past_the_second_sign_in_step(organisation, settings):
    """With two-factor sign-in required (production's setting), the bench's officer times the
    list itself, not the redirect to the second step (the bench timed 302s when 2FA landed)."""
    from devtools.bench.measure import officer_list

    settings.TWO_FACTOR_REQUIRED = True
    _generate(organisation, 30)
    lines: list[str] = []
    results = officer_list(organisation=organisation, repeats=1, write=lines.append)
    assert [r.label for r in results][:2] == ["a_list_total", "b_search_total"]
    assert all(r.statuses == {200} for r in results)

import io

import pytest

pytestmark = pytest.mark.django_db


def test_the_bench_generates_reports_on_and_explains(organisation, settings):
    from devtools.bench import reporting as bench

    out = io.StringIO()
    bench.run(out, cases=300, repeats=1, seed=3)
    text = out.getvalue()
    assert "generated 300 cases" in text
    assert "Half-year report, all measures and services: median" in text
    assert "CSV export of the summary (whole request)" in text
    from escalation.models import CaseStage

    assert CaseStage.objects.filter(stage=1).exists()

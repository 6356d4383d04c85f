import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reporting.models import ReportIntroduction

pytestmark = pytest.mark.django_db


def test_the_demo_writes_the_latest_half_year_introduction(organisation, dataset, time_machine):
    from devtools.demo import reporting as demo

    time_machine.move_to(datetime(2025, 10, 15, 12, tzinfo=ZoneInfo("Europe/London")))
    demo.load(organisation=organisation, rng=random.Random(1))
    demo.load(organisation=organisation, rng=random.Random(2))  # replaces, never duplicates
    introduction = ReportIntroduction.objects.get()
    assert (introduction.report_kind, str(introduction.period_start)) == ("standards", "2025-04-01")
    assert "We received 16 pieces of feedback" in introduction.text
    assert "71% of Stage 1 complaints were answered on time" in introduction.text

import random
from datetime import timedelta

from devtools.demo import ombudsman as demo
from feedback import clock
from ombudsman.measures import ombudsman_measures
from ombudsman.models import OmbudsmanCase, OmbudsmanState


def test_the_demo_has_a_case_in_every_state_and_runs_once(
    organisation, complaints_officer, complaint_at
):
    complaint = complaint_at("stage2_responded")
    created = demo.load(organisation=organisation, rng=random.Random(7))
    states = set(OmbudsmanCase.objects.values_list("state", flat=True))
    assert states == set(OmbudsmanState.values)
    assert all(c.events.exists() for c in created)
    assert demo.load(organisation=organisation, rng=random.Random(7)) == []
    assert OmbudsmanCase.objects.count() == len(created)
    # A demo complaint after Stage 2 is the first enquiry's, and is now with the Ombudsman.
    complaint.refresh_from_db()
    assert complaint.state == "ombudsman"
    assert created[0].case == complaint

    today = clock.today()
    figures = ombudsman_measures(
        organisation=organisation, start=today - timedelta(days=400), end=today
    )
    assert figures["referred"] == len(created)
    assert figures["upheld"] >= 3
    assert figures["remedies_late"] >= 1
    assert figures["remedies_outstanding"] >= 1
    assert figures["compensation_total"] > 0

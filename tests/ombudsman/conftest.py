from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def lgsco(organisation):
    from ombudsman.models import OmbudsmanBody

    return OmbudsmanBody.objects.get(organisation=organisation, slug="lgsco")


@pytest.fixture
def housing_ombudsman(organisation):
    from ombudsman.models import OmbudsmanBody

    return OmbudsmanBody.objects.get(organisation=organisation, slug="housing-ombudsman")


@pytest.fixture
def enquiry(organisation, lgsco, housing_case, complaints_officer):
    """An LGSCO enquiry about a Housing complaint, received Monday 16 March 2026."""
    from ombudsman.services import ombudsman_case_open

    return ombudsman_case_open(
        organisation=organisation,
        user=complaints_officer,
        body=lgsco,
        ombudsman_reference="25 012 345",
        enquiry_received_on=date(2026, 3, 16),
        summary="Delay in repairing a leaking roof",
        case=housing_case,
        investigator_name="Sam Patel",
        investigator_email="s.patel@lgo.org.uk",
        assigned_to=complaints_officer,
        now=at(date(2026, 3, 16)),
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Officers are made with a password; the default hasher costs most of each test's setup.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

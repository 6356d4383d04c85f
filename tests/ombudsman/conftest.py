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


@pytest.fixture
def complaint_at(
    organisation, housing, web_form, complaints_officer, complaints_manager, housing_officer
):
    """A Housing complaint driven to a state with the lifecycle's own services."""
    from feedback.services import CustomerDetails, case_create
    from letters.models import Letter, LetterKind, LetterTemplate
    from tests.escalation.helpers import advance

    def letter_sent(case, stage):
        kind = LetterKind.STAGE1_RESPONSE if stage == 1 else LetterKind.STAGE2_RESPONSE
        template, _ = LetterTemplate.objects.get_or_create(
            organisation=organisation,
            kind=kind,
            version=1,
            defaults={"subject": "Response", "body": "Body"},
        )
        Letter.objects.create(
            organisation=organisation,
            case=case,
            kind=kind,
            stage=stage,
            template=template,
            body="Our response",
            status=Letter.Status.SENT,
        )

    def create(state):
        case = case_create(
            organisation=organisation,
            kind="complaint",
            service=housing,
            channel=web_form,
            summary="Leaking roof not repaired",
            description="Reported four times since January.",
            customer_details=CustomerDetails(
                first_name="Ada", last_name="Lee", email="a@example.com"
            ),
        )
        return advance(
            case,
            state,
            officer=complaints_officer,
            investigator=housing_officer,
            reviewer=complaints_manager,
            letter_sent=letter_sent,
        )

    return create


@pytest.fixture
def complaint_after_stage2(complaint_at):
    return complaint_at("stage2_responded")

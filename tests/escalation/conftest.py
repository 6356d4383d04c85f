from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=10, minute=0):
    """A London local time, as the officer and the customer see it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def complaint_create(organisation, housing, web_form):
    """A complaint received through feedback.services.case_create (so it gets its deadlines)."""
    from feedback.services import CustomerDetails, case_create

    def create(*, received_at=None, channel=None, service=None, kind="complaint", email=True):
        return case_create(
            organisation=organisation,
            kind=kind,
            service=service or housing,
            channel=channel or web_form,
            summary="The bins were not collected",
            description="Three weeks running the bins were missed.",
            customer_details=CustomerDetails(
                first_name="Ada",
                last_name="Lovelace",
                email="ada@example.com" if email else "",
                phone="" if email else "07700 900123",
            ),
            received_at=received_at,
            now=received_at,
        )

    return create


@pytest.fixture
def letter_sent(organisation):
    """Mark a response letter as sent (the letters app builds the real one)."""
    from letters.models import Letter, LetterKind, LetterTemplate

    def send(case, stage):
        kind = LetterKind.STAGE1_RESPONSE if stage == 1 else LetterKind.STAGE2_RESPONSE
        template, _ = LetterTemplate.objects.get_or_create(
            organisation=organisation,
            kind=kind,
            version=1,
            defaults={"subject": "Response", "body": "Body"},
        )
        return Letter.objects.create(
            organisation=organisation,
            case=case,
            kind=kind,
            stage=stage,
            template=template,
            body="Our response",
            status=Letter.Status.SENT,
        )

    return send

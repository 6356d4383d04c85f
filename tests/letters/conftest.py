import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
import time_machine
from pypdf import PdfReader

from escalation.models import CaseStage, OutstandingAction, Remedy, StagePolicy
from feedback.models import Customer, FeedbackKind, OfficerProfile
from letters import services
from letters.models import Letter
from tests.factories import CaseFactory

LONDON = ZoneInfo("Europe/London")
# A Monday with no bank holiday near it.
TODAY = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def officer_with_phone(housing_officer):
    OfficerProfile.objects.filter(user=housing_officer).update(
        phone="01234 500600", job_title="Housing Complaints Officer"
    )
    housing_officer.first_name, housing_officer.last_name = "Robin", "Fairweather"
    housing_officer.email = "robin.fairweather@example-council.gov.uk"
    housing_officer.save()
    return housing_officer


def stage_add(case, number: int, **fields) -> CaseStage:
    policy = StagePolicy.objects.filter(organisation=case.organisation, stage=number).first()
    defaults = dict(
        organisation=case.organisation,
        case=case,
        stage=number,
        policy=policy,
        opened_at=TODAY - timedelta(days=20),
        acknowledge_due=date(2026, 11, 4),
        response_due_original=date(2026, 11, 24),
        response_due=date(2026, 11, 24),
    )
    defaults.update(fields)
    return CaseStage.objects.create(**defaults)


def stage_complete(stage: CaseStage, owner) -> CaseStage:
    """Fill in every part a response letter needs."""
    stage.complaint_understood = "Your repair request for a leaking roof was not acted on."
    stage.outcome = "upheld"
    stage.outcome_reasons = "We found that the job was closed by mistake and never booked."
    stage.save()
    Remedy.objects.create(
        organisation=stage.organisation,
        case_stage=stage,
        kind=Remedy.Kind.FINANCIAL,
        description="A payment for the time and trouble this caused you",
        amount=Decimal("150.00"),
    )
    OutstandingAction.objects.create(
        organisation=stage.organisation,
        case_stage=stage,
        description="Repair the roof over the back bedroom",
        owner=owner,
        due_date=date(2026, 12, 4),
    )
    return stage


@pytest.fixture
def customer(organisation):
    return Customer.objects.create(
        organisation=organisation,
        title="Mrs",
        first_name="Ada",
        last_name="Okafor",
        email="ada.okafor@example.com",
        address="12 Mill Lane\nExampletown",
        postcode="EX2 3CC",
    )


@pytest.fixture
def make_case(organisation, housing, web_form, officer_with_phone, customer):
    def make(state="stage1", kind=FeedbackKind.COMPLAINT, **fields):
        fields.setdefault("customer", customer)
        fields.setdefault("assigned_to", officer_with_phone)
        return CaseFactory(
            organisation=organisation,
            service=housing,
            channel=web_form,
            kind=kind,
            state=state,
            **fields,
        )

    return make


@pytest.fixture
def stage1_case(make_case, officer_with_phone):
    case = make_case(state="stage1", reference="CMP-2026-00101")
    stage_complete(stage_add(case, 1), officer_with_phone)
    return case


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    """Ask for the preview and run the render task (eager) as the worker would."""

    def run(letter, user=None) -> Letter:
        with django_capture_on_commit_callbacks(execute=True):
            missing = services.letter_preview_request(letter_id=letter.pk, user=user)
        assert missing == [], missing
        letter.refresh_from_db()
        assert letter.render_state == "ready", letter.render_error
        return letter

    return run


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(letter, user=None, method=Letter.Delivery.EMAIL) -> Letter:
        with django_capture_on_commit_callbacks(execute=True):
            return services.letter_send(
                letter_id=letter.pk, user=user, method=method, sha256=letter.sha256
            )

    return run


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_flat_text(content: bytes) -> str:
    """The text with line breaks folded to spaces, for phrases that may wrap."""
    return " ".join(pdf_text(content).split())


def pdf_font_sizes(content: bytes) -> set[float]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return {round(char["size"], 1) for page in pdf.pages for char in page.chars}


def letter_bytes(letter: Letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()

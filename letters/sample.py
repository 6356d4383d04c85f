"""A made-up case for previewing a template and for the benchmark: no database row is touched,
and no real customer's details ever appear in a preview."""

from dataclasses import replace
from datetime import date, timedelta

from .facts import Contact, Facts, Ombudsman, StageFacts, with_stage2_request_by
from .models import LetterKind

_LONG_REASONS = (
    "We looked at the records of every visit, spoke to the crew who collect in your street and "
    "checked the photographs they took. On three of the dates you gave us the bins were not "
    "collected because the lorry could not get past parked cars; on the other two there is no "
    "record that the crew went to your street at all, and they should have."
)


SAMPLE_ADDRESS = ("Council Offices", "High Street", "Exampletown", "EX1 1AA")


def sample_facts(
    *,
    organisation_name: str = "Example District Council",
    organisation_address: tuple[str, ...] = (
        "Council Offices",
        "High Street",
        "Exampletown",
        "EX1 1AA",
    ),
    organisation_phone: str = "01234 567890",
    organisation_email: str = "feedback@example-council.gov.uk",
    organisation_website: str = "https://www.example-council.gov.uk",
    team: str = "Customer Feedback Team",
    ombudsman: Ombudsman | None = None,
    kind: str = LetterKind.STAGE1_RESPONSE,
    letter_date: date,
    long: bool = False,
) -> Facts:
    stage_number = 2 if kind == LetterKind.STAGE2_RESPONSE else 1
    reasons = "\n\n".join([_LONG_REASONS] * (10 if long else 1))
    stage = StageFacts(
        number=stage_number,
        complaint_understood=(
            "Your household waste was not collected on five dates in October, and when you "
            "phoned us nobody called you back."
        ),
        outcome="partly_upheld",
        outcome_label="partly upheld",
        reasons=reasons,
        remedies=(
            "Apology: we are sorry that we missed your collections and did not call you back.",
            "Action to put things right: your street is now on the crew's checked route.",
        ),
        actions=(
            (
                "We will check your collections for the next eight weeks",
                letter_date + timedelta(days=56),
            ),
        ),
        acknowledge_by=letter_date - timedelta(days=20),
        respond_by=letter_date + timedelta(days=3),
        respond_by_original=letter_date - timedelta(days=4),
        extended=True,
        extension_reason="We are waiting for the collection crew's records from our contractor.",
        escalation_window="20 working days",
        escalation_window_days=20,
        escalation_window_unit="working",
    )
    facts = Facts(
        organisation_name=organisation_name,
        organisation_address=organisation_address,
        organisation_phone=organisation_phone,
        organisation_email=organisation_email,
        organisation_website=organisation_website,
        team=team,
        reference="CMP-2026-00042",
        case_kind="complaint",
        summary="Bins not collected in October",
        received_on=letter_date - timedelta(days=21),
        service_name="Environmental Services",
        staff_member_named="Alex Example",
        customer_name="Ms Sam Sample",
        customer_salutation="Ms Sample",
        customer_first_name="Sam",
        customer_last_name="Sample",
        customer_email="sam.sample@example.com",
        customer_address=("1 Example Road", "Exampletown", "EX1 2BB"),
        customer_wants_large_print=False,
        contact=Contact(
            "Jo Officer", "Complaints Officer", "01234 567891", "jo.officer@example.gov.uk"
        ),
        ombudsman=ombudsman
        or Ombudsman(
            "Local Government and Social Care Ombudsman",
            ("PO Box 4771", "Coventry", "CV4 0EH"),
            "0300 061 0614",
            "https://www.lgo.org.uk",
        ),
        letter_date=letter_date,
        stage=stage,
        manager_name="Pat Manager",
        manager_email="pat.manager@example.gov.uk",
        refusal_reason="The law gives you a right of appeal to a tribunal, which is the right way "
        "to challenge this decision.",
        forwarded_to="Anglian Water",
    )
    return with_stage2_request_by(facts)


def sample_facts_for(organisation, *, kind: str, letter_date: date) -> Facts:
    """The sample case, with this council's letterhead and Ombudsman details."""
    lines = tuple(line.strip() for line in organisation.address.splitlines() if line.strip())
    facts = sample_facts(
        organisation_name=organisation.name,
        organisation_address=lines,
        organisation_phone=organisation.phone,
        organisation_email=organisation.email,
        organisation_website=organisation.website,
        team=organisation.complaints_team_name,
        ombudsman=Ombudsman(
            organisation.ombudsman_name,
            tuple(x.strip() for x in organisation.ombudsman_address.splitlines() if x.strip()),
            organisation.ombudsman_phone,
            organisation.ombudsman_website,
        ),
        kind=kind,
        letter_date=letter_date,
    )
    return replace(facts, nation=organisation.nation)

"""The Complaint Handling Code's requirements, one row each of the council's self-assessment.

The wording is a short paraphrase for the form, grouped by the Code's sections (the joint Local
Government and Social Care Ombudsman / Housing Ombudsman Code applied to councils from April
2026); the Code's own text governs. `evidence` names what the system can fill in from its data
(reporting.annual.EVIDENCE); the complaints manager writes the rest."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    key: str
    section: str
    text: str
    evidence: tuple[str, ...] = ()


SECTIONS = [
    "1. Definition of a complaint",
    "2. Exclusions",
    "3. Accessibility and awareness",
    "4. Complaint handling staff",
    "5. The complaint handling process",
    "6. Stage 1",
    "7. Stage 2",
    "8. Putting things right",
    "9. Self-assessment, reporting and compliance",
    "10. Scrutiny, oversight and learning",
]

REQUIREMENTS = [
    Requirement(
        "1.1",
        SECTIONS[0],
        "The Code's definition of a complaint is used, and a "
        "service request is not treated as a complaint when the customer is unhappy "
        "with how it was handled.",
    ),
    Requirement(
        "1.2",
        SECTIONS[0],
        'Customers need not use the word "complaint" for their '
        "dissatisfaction to be treated as one.",
    ),
    Requirement(
        "2.1",
        SECTIONS[1],
        "Complaints are refused only for the reasons the policy "
        "lists; each refusal is explained and the customer is told they may go to the "
        "Ombudsman.",
        ("refusals_signposted",),
    ),
    Requirement(
        "3.1",
        SECTIONS[2],
        "Complaints can be made in several ways (online, by "
        "email, by phone, in person, by letter) and through a representative.",
    ),
    Requirement("3.2", SECTIONS[2], "Reasonable adjustments are made and recorded, and reviewed."),
    Requirement(
        "3.3",
        SECTIONS[2],
        "The complaints policy is published on the website, with how to contact the Ombudsman.",
    ),
    Requirement(
        "4.1",
        SECTIONS[3],
        "A person or team leads complaint handling, with the "
        "authority and access to resolve complaints.",
    ),
    Requirement("5.1", SECTIONS[4], "A two-stage process, with no extra stage."),
    Requirement(
        "5.2", SECTIONS[4], "The policy's timescales are those of the Code.", ("policy_in_force",)
    ),
    Requirement(
        "5.3",
        SECTIONS[4],
        "Each complaint is recorded with its outcome, the correspondence and the decisions.",
    ),
    Requirement(
        "6.1",
        SECTIONS[5],
        "Stage 1 complaints are acknowledged within 5 working "
        "days and answered within 10 working days of the acknowledgement.",
        ("stage1_within_10",),
    ),
    Requirement(
        "6.2",
        SECTIONS[5],
        "A Stage 1 extension is no more than 10 working days, "
        "explained to the customer with the Ombudsman's details.",
        ("extensions_beyond_code",),
    ),
    Requirement(
        "7.1",
        SECTIONS[6],
        "Stage 2 requests are acknowledged within 5 working days "
        "and answered within 20 working days of the acknowledgement.",
        ("stage2_within_20",),
    ),
    Requirement(
        "7.2",
        SECTIONS[6],
        "Stage 2 is handled by someone who did not handle Stage 1.",
        ("stage2_different_person",),
    ),
    Requirement(
        "8.1",
        SECTIONS[7],
        "Where something went wrong, the council acknowledges it "
        "and puts it right (apology, action, financial redress), and follows up what "
        "it promised.",
        ("compensation_paid",),
    ),
    Requirement(
        "9.1",
        SECTIONS[8],
        "An annual complaints performance and service improvement "
        "report, with this self-assessment, goes to the governing body and is "
        "published with its response.",
    ),
    Requirement(
        "10.1",
        SECTIONS[9],
        'Lessons from complaints are acted on and reported ("you said, we did").',
        ("improvements_done",),
    ),
    Requirement(
        "10.2",
        SECTIONS[9],
        "A member of the governing body is responsible for "
        "complaints and receives regular reports.",
    ),
]
REQUIREMENT_KEYS = [requirement.key for requirement in REQUIREMENTS]

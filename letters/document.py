"""What a letter says, built from `Facts`: the merge values for the editable wording, the fixed
parts every letter carries, and the completeness check.

The parts the rules require (DOMAIN.md "Letters"; the Complaint Handling Code) are fixed here,
not in the editable templates, so no template edit can drop them: the letterhead, date,
reference and named contact; for a response the stage, the complaint as understood, the
decision and reasons, any remedy, the outstanding actions and how to take it further; for a
holding letter the new date, the reason and the Ombudsman.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass

from .facts import Facts, long_date
from .models import LetterKind

RESPONSE_LETTER_KINDS = frozenset({LetterKind.STAGE1_RESPONSE, LetterKind.STAGE2_RESPONSE})
# Kinds that carry the Ombudsman's address block.
OMBUDSMAN_KINDS = frozenset(
    {
        LetterKind.HOLDING,
        LetterKind.STAGE2_RESPONSE,
        LetterKind.OMBUDSMAN_SIGNPOST,
        LetterKind.NOT_ACCEPTED,
    }
)
# A gap in the wording for the officer to fill, e.g. "[name of the organisation]".
GAP = re.compile(r"\[[^\]\n]{2,80}\]")


def merge_values(facts: Facts) -> dict[str, dict[str, str]]:
    """The values of every merge field (letters.merge_fields.FIELDS), as strings."""
    stage = facts.stage
    return {
        "customer": {
            "name": facts.customer_name or "Sir or Madam",
            "salutation": facts.customer_salutation,
            "first_name": facts.customer_first_name,
            "last_name": facts.customer_last_name,
            "email": facts.customer_email,
        },
        "case": {
            "reference": facts.reference,
            "kind": facts.case_kind,
            "summary": summary_quoted(facts.summary),
            "received_on": long_date(facts.received_on),
            "staff_member_named": facts.staff_member_named or "a member of our staff",
            "refusal_reason": facts.refusal_reason,
            "forwarded_to": facts.forwarded_to,
        },
        "service": {"name": facts.service_name},
        "deadline": {
            "acknowledge_by": long_date(stage.acknowledge_by) if stage else "",
            "respond_by": long_date(stage.respond_by) if stage else "",
            "respond_by_original": long_date(stage.respond_by_original) if stage else "",
            "stage2_request_by": long_date(facts.stage2_request_by),
        },
        "stage": {
            "number": str(stage.number) if stage else "",
            "name": f"Stage {stage.number}" if stage else "",
            "in_procedure": f"at Stage {stage.number} of our complaints procedure"
            if stage
            else "under our complaints procedure",
            "complaint_understood": stage.complaint_understood if stage else "",
            "decision": stage.outcome_label if stage else "",
            "reasons": stage.reasons if stage else "",
            "extension_reason": stage.extension_reason if stage else "",
        },
        "officer": {
            "name": facts.contact.name,
            "job_title": facts.contact.job_title,
            "phone": facts.contact.phone,
            "email": facts.contact.email,
        },
        "manager": {"name": facts.manager_name or "the service manager"},
        "organisation": {
            "name": facts.organisation_name,
            "team": facts.team,
            "phone": facts.organisation_phone,
            "email": facts.organisation_email,
            "website": facts.organisation_website,
        },
        "ombudsman": {
            "name": facts.ombudsman.name,
            "phone": facts.ombudsman.phone,
            "website": facts.ombudsman.website,
        },
        "letter": {"date": long_date(facts.letter_date)},
    }


def summary_quoted(summary: str) -> str:
    """The customer's own summary, in quotation marks, so it sits in running text with its
    capital letter ("about ‘Bins not collected’, which we received"). The wording puts its own
    full stop after it, so the summary's closing punctuation is dropped."""
    words = " ".join(summary.split()).strip(" .!?;:,'\"‘’“”")
    return f"‘{words}’" if words else "what you told us"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterDocument:
    """Everything the PDF shows. Its digest identifies the exact bytes a preview produced."""

    title: str
    kind: str
    organisation_name: str
    return_address: tuple[str, ...]
    organisation_phone: str
    organisation_email: str
    organisation_website: str
    # Placed where a DL or C5 window envelope shows it (letters/pdf/letter.css).
    recipient: tuple[str, ...]
    date: str
    reference: str
    contact_name: str
    contact_job_title: str
    contact_phone: str
    contact_email: str
    subject: str
    body: str
    sections: tuple[Section, ...]
    signoff: str
    large_print: bool
    copy_to: str = ""

    def digest(self) -> str:
        encoded = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


def _ombudsman_section(facts: Facts, heading: str, lead: str) -> Section:
    o = facts.ombudsman
    return Section(
        heading=heading,
        paragraphs=(
            lead,
            f"The {o.name} is independent and free to use. You can contact them at:",
        ),
        address=(o.name, *o.address_lines, f"Telephone: {o.phone}", f"Website: {o.website}"),
    )


def _contact_us(facts: Facts, *, verb: str = "Contact") -> str:
    return (
        f"{verb} {facts.contact.name} on {facts.contact.phone} or at {facts.contact.email}, "
        f"or write to us at the address at the top of this letter. "
        f"Please quote our reference {facts.reference}."
    )


def _response_sections(facts: Facts) -> list[Section]:
    stage = facts.stage
    assert stage is not None
    remedies = stage.remedies or (
        "We have not offered a remedy, because we did not find that we got things wrong.",
    )
    if stage.actions:
        actions = tuple(f"{text} – by {long_date(due)}" for text, due in stage.actions)
        actions_lead = "We will do these things, and we will tell you when they are done:"
    else:
        actions, actions_lead = (), "There is nothing more we still need to do."
    return [
        Section("Your complaint as we understood it", (stage.complaint_understood,)),
        Section(
            "Our decision",
            (f"Your complaint is {stage.outcome_label}.", *_paragraphs(stage.reasons)),
        ),
        Section("What we are doing to put things right", items=remedies),
        Section("What we still need to do", (actions_lead,), items=actions),
    ]


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def fixed_sections(facts: Facts, kind: str) -> list[Section]:  # noqa: C901
    """The parts of a letter no template can change, including how to take it further."""
    stage = facts.stage
    respond_by = long_date(stage.respond_by) if stage else ""
    if kind == LetterKind.ACKNOWLEDGEMENT:
        if stage and stage.number == 2:
            further = (
                f"If you are still unhappy after our Stage 2 response, you can ask the "
                f"{facts.ombudsman.name} to look at your complaint. We will tell you how in "
                f"our response."
            )
        else:
            further = (
                "If you are unhappy with our Stage 1 response, you can ask for your complaint "
                "to be looked at again at Stage 2. We will tell you how in our response."
            )
        when = f"We will send you our full response by {respond_by}. " if respond_by else ""
        return [
            Section(
                "What happens next",
                (
                    f"{when}If we need more time, we will write to tell you why and give you a "
                    "new date.",
                    further,
                ),
            )
        ]
    if kind == LetterKind.HOLDING:
        reason = stage.extension_reason if stage else ""
        return [
            Section(
                "Your new response date",
                (f"We will now send you our full response by {respond_by}.", f"Why: {reason}"),
            ),
            _ombudsman_section(
                facts,
                "If you are unhappy with the delay",
                f"You can ask the {facts.ombudsman.name} to look at your complaint now, "
                "without waiting for our response.",
            ),
        ]
    if kind == LetterKind.STAGE1_RESPONSE:
        return [
            *_response_sections(facts),
            Section(
                "If you are not happy with our response",
                (
                    "You can ask for your complaint to be looked at again at Stage 2. A "
                    "different officer will review it.",
                    f"Please ask by {long_date(facts.stage2_request_by)}: that is "
                    f"{stage.escalation_window} from the date of this letter. Tell us why you "
                    "are unhappy and what you would like us to do.",
                    _contact_us(facts),
                ),
            ),
        ]
    if kind == LetterKind.STAGE2_RESPONSE:
        return [
            *_response_sections(facts),
            _ombudsman_section(
                facts,
                "Our complaints procedure is now complete",
                "This is our final response: our complaints procedure is now complete. If you "
                f"are still not happy, you can ask the {facts.ombudsman.name} to look at your "
                "complaint. You should normally do this within 12 months.",
            ),
        ]
    if kind == LetterKind.OMBUDSMAN_SIGNPOST:
        return [
            _ombudsman_section(
                facts,
                "How to contact the Ombudsman",
                f"You can ask the {facts.ombudsman.name} to look at your complaint.",
            )
        ]
    if kind == LetterKind.NOT_ACCEPTED:
        return [
            _ombudsman_section(
                facts,
                "If you disagree with our decision",
                f"If you think we were wrong not to accept your complaint, you can ask the "
                f"{facts.ombudsman.name} to look at our decision.",
            )
        ]
    if kind == LetterKind.FORWARDED:
        return [
            Section(
                "What happens next",
                (
                    "The organisation we passed it to will reply to you directly.",
                    "If you think we were wrong to pass it on, or you are unhappy with how we "
                    f"dealt with it, you can make a complaint to us. {_contact_us(facts)}",
                ),
            )
        ]
    if kind == LetterKind.COMMENT_ACKNOWLEDGEMENT:
        return [
            Section(
                "What happens next",
                (
                    f"We have passed your comments to {facts.service_name}. We use what people "
                    "tell us to improve our services.",
                    "If you would like us to treat this as a complaint instead, tell us. "
                    + _contact_us(facts),
                ),
            )
        ]
    if kind == LetterKind.COMPLIMENT_THANKS:
        return [
            Section(
                "What happens next",
                (
                    f"We have passed your kind words on to {facts.service_name} and to the "
                    "manager of the people you praised.",
                    "If you ever need to tell us that something has gone wrong, you can make a "
                    f"complaint. {_contact_us(facts)}",
                ),
            )
        ]
    if kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        return [
            Section(
                "What to do now",
                (
                    "Please pass this compliment on to the member of staff, and record it in "
                    "their next supervision or appraisal.",
                    f"If you have questions, {_contact_us(facts, verb='contact')}",
                ),
            )
        ]
    raise ValueError(f"Unknown letter kind {kind!r}")


def recipient_lines(facts: Facts, kind: str) -> tuple[str, ...]:
    if kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        return (facts.manager_name or "The service manager", facts.service_name, "Internal post")
    return (facts.customer_name or "The customer", *facts.customer_address)


def document_build(
    *, facts: Facts, kind: str, subject: str, body: str, large_print: bool
) -> LetterDocument:
    return LetterDocument(
        title=f"{subject} – {facts.reference}",
        kind=str(kind),
        organisation_name=facts.organisation_name,
        return_address=facts.organisation_address,
        organisation_phone=facts.organisation_phone,
        organisation_email=facts.organisation_email,
        organisation_website=facts.organisation_website,
        recipient=recipient_lines(facts, kind),
        date=long_date(facts.letter_date),
        reference=facts.reference,
        contact_name=facts.contact.name,
        contact_job_title=facts.contact.job_title,
        contact_phone=facts.contact.phone,
        contact_email=facts.contact.email,
        subject=subject,
        body=body.strip(),
        sections=tuple(fixed_sections(facts, kind)),
        # "Dear Sir or Madam ... Yours faithfully"; a named reader gets "Yours sincerely".
        signoff="Yours faithfully" if "Dear Sir or Madam" in body else "Yours sincerely",
        large_print=large_print,
        copy_to=facts.copy_to,
    )


def missing_parts(facts: Facts, kind: str, *, body: str = "") -> list[str]:
    """What must be filled in before this letter can be previewed for sending."""
    missing: list[str] = []
    if not facts.contact.phone or not facts.contact.email:
        missing.append("A contact telephone number and email address (officer or council)")
    if kind == LetterKind.COMPLIMENT_MANAGER_NOTE:
        if not facts.manager_name:
            missing.append(f"A service manager for {facts.service_name}")
    elif not facts.customer_address and not facts.customer_email:
        missing.append("The customer's postal address or email address")
    stage = facts.stage
    if kind in RESPONSE_LETTER_KINDS:
        if stage is None or not stage.respond_by:
            return [*missing, f"The case has not reached Stage {2 if '2' in kind else 1}"]
        if not stage.complaint_understood:
            missing.append("The complaint as the council understood it")
        if not stage.outcome:
            missing.append("The decision (upheld, partly upheld or not upheld)")
        if not stage.reasons:
            missing.append("The reasons for the decision")
        if stage.outcome in ("upheld", "partly_upheld") and not stage.remedies:
            missing.append("A remedy: the complaint is upheld, so say how we will put it right")
        if kind == LetterKind.STAGE1_RESPONSE and facts.stage2_request_by is None:
            missing.append("The Stage 2 request window in the Stage 1 policy")
    if kind == LetterKind.HOLDING:
        if stage is None or not stage.extended:
            missing.append("A new response date (extend the deadline first)")
        if stage is None or not stage.extension_reason:
            missing.append("The reason for the extension")
    if kind == LetterKind.NOT_ACCEPTED and not facts.refusal_reason:
        missing.append("Why it was not accepted as a complaint (the reason chosen at triage)")
    if kind == LetterKind.FORWARDED and not facts.forwarded_to:
        missing.append("The organisation it was forwarded to")
    if kind in OMBUDSMAN_KINDS:
        o = facts.ombudsman
        if not (o.name and o.address_lines and o.phone and o.website):
            missing.append("The Ombudsman's name, address, telephone and website (settings)")
    gaps = GAP.findall(body)
    if gaps:
        missing.append("The gaps in the wording: " + ", ".join(dict.fromkeys(gaps)))
    return missing

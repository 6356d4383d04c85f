"""Merge fields: the fixed, documented set of values a letter template may use.

A template is Django template text, but only `{{ group.field }}` of the fields below is allowed:
no tags, no filters, no other variables. `template_errors` walks the compiled nodelist and
reports anything else, so a typo such as `{{ case.refernce }}` is refused when the template is
saved rather than becoming a blank in a sent letter. Rendering is sandboxed twice over: the
context holds only strings (never a model, so there is no attribute to reach through), and the
engine's `string_if_invalid` marker makes any value that still fails to resolve an error.
"""

import difflib
from dataclasses import dataclass

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, Variable, VariableNode


@dataclass(frozen=True)
class MergeField:
    name: str
    description: str
    example: str


FIELDS: tuple[MergeField, ...] = (
    MergeField("customer.name", "The customer's full name", "Ms Sam Sample"),
    MergeField(
        "customer.salutation",
        'What follows "Dear": title and surname, else the full name, else "Sir or Madam"',
        "Ms Sample",
    ),
    MergeField("customer.first_name", "The customer's first name", "Sam"),
    MergeField("customer.last_name", "The customer's last name", "Sample"),
    MergeField("customer.email", "The customer's email address", "sam@example.com"),
    MergeField("case.reference", "The case reference", "CMP-2026-00042"),
    MergeField("case.kind", 'What it is, in lower case: "complaint", "comment"...', "complaint"),
    MergeField(
        "case.summary",
        "The one-line summary of the case, in quotation marks, without its full stop",
        "‘Bins not collected’",
    ),
    MergeField("case.received_on", "The date we received it", "2 November 2026"),
    MergeField("case.staff_member_named", "Compliments: the staff member praised", "Alex Example"),
    MergeField(
        "case.refusal_reason",
        "Not accepted as a complaint: why, in the words for the customer (the reason chosen "
        "at triage)",
        "The law gives you a right of appeal, which is the right way to challenge this decision.",
    ),
    MergeField(
        "case.forwarded_to",
        "Forwarded: the organisation it was passed to (or the service or staff member a comment "
        "was passed to)",
        "Anglian Water",
    ),
    MergeField("service.name", "The service the case is about", "Housing"),
    MergeField("deadline.acknowledge_by", "Acknowledgement due date", "3 November 2026"),
    MergeField("deadline.respond_by", "When we will respond (after any extension)", "20 Nov 2026"),
    MergeField("deadline.respond_by_original", "The response date before any extension", ""),
    MergeField(
        "deadline.stage2_request_by",
        "Stage 1 response: last day to ask for Stage 2 (the policy's window from the letter date)",
        "18 December 2026",
    ),
    MergeField("stage.number", 'The current stage: "1" or "2"', "1"),
    MergeField("stage.name", '"Stage 1" or "Stage 2" (empty before a stage starts)', "Stage 1"),
    MergeField(
        "stage.in_procedure",
        '"at Stage 1 of our complaints procedure", or "under our complaints procedure" before '
        "a stage starts",
        "at Stage 1 of our complaints procedure",
    ),
    MergeField("stage.complaint_understood", "The complaint as we understood it", ""),
    MergeField("stage.decision", '"upheld", "partly upheld" or "not upheld"', "upheld"),
    MergeField("stage.reasons", "The reasons for the decision", ""),
    MergeField("stage.extension_reason", "Why the response date was extended", ""),
    MergeField("officer.name", "The named contact (assigned officer or the team)", "Jo Officer"),
    MergeField("officer.job_title", "The named contact's job title", "Complaints Officer"),
    MergeField("officer.phone", "The named contact's telephone number", "01234 567890"),
    MergeField("officer.email", "The named contact's email address", "jo@example.gov.uk"),
    MergeField("manager.name", "The service manager (compliment note)", "Pat Manager"),
    MergeField("organisation.name", "The council's name", "Example District Council"),
    MergeField("organisation.team", "The complaints team's name", "Customer Feedback Team"),
    MergeField("organisation.phone", "The council's telephone number", "01234 567890"),
    MergeField("organisation.email", "The council's email address", "feedback@example.gov.uk"),
    MergeField("organisation.website", "The council's website", "https://example.gov.uk"),
    MergeField("ombudsman.name", "The Ombudsman for this case (Housing for landlord services)", ""),
    MergeField("ombudsman.phone", "The Ombudsman's telephone number", "0300 061 0614"),
    MergeField("ombudsman.website", "The Ombudsman's website", "https://www.lgo.org.uk"),
    MergeField("letter.date", "The date printed on the letter", "22 November 2026"),
)
FIELD_NAMES = frozenset(f.name for f in FIELDS)
EXAMPLE = "{{ case.reference }}"

# Never a real value: seeing it in output means a variable did not resolve.
_INVALID = "\x00UNRESOLVED\x00"
_ENGINE = Engine(string_if_invalid=_INVALID, autoescape=False, debug=False)


class MergeError(ValueError):
    """The template uses something outside the allowed merge fields."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(FIELD_NAMES), n=1, cutoff=0.75)
    return f" Did you mean {{{{ {close[0]} }}}}?" if close else ""


def template_errors(text: str) -> list[str]:
    """What is wrong with a template's merge fields, in words a complaints manager can act on."""
    try:
        compiled = _ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        return [
            f"The template cannot be read: {exc}. Merge fields look like {{{{ case.reference }}}}."
        ]
    errors: list[str] = []
    for node in compiled.nodelist:
        if isinstance(node, TextNode):
            continue
        if not isinstance(node, VariableNode):
            token = getattr(node, "token", None)
            shown = f"{{% {token.contents} %}}" if token is not None else "a tag"
            errors.append(
                f"{shown} is not allowed: use only merge fields such as {{{{ case.reference }}}}."
            )
            continue
        expression = node.filter_expression
        if not isinstance(expression.var, Variable):
            errors.append(
                f"{{{{ {expression.token} }}}} is not a merge field: type the words themselves."
            )
            continue
        name = expression.var.var
        if name not in FIELD_NAMES:
            errors.append(f"{{{{ {name} }}}} is not a merge field we know.{_suggest(name)}")
        elif expression.filters:
            errors.append(f"{{{{ {expression.token} }}}}: filters (after |) are not allowed.")
    return errors


def template_validate(text: str) -> None:
    errors = template_errors(text)
    if errors:
        raise MergeError(errors)


def merge_render(text: str, values: dict[str, dict[str, str]]) -> str:
    """Fill in the merge fields. `values` is {"case": {"reference": ...}, ...} of strings."""
    template_validate(text)
    missing = {
        n for n in FIELD_NAMES if values.get(n.split(".")[0], {}).get(n.split(".")[1]) is None
    }
    if missing:
        raise ValueError(f"Merge values not supplied: {sorted(missing)}")
    output = _ENGINE.from_string(text).render(Context(values, autoescape=False))
    if _INVALID in output:
        raise MergeError(["A merge field did not resolve."])
    return output


def fields_used(text: str) -> list[str]:
    """The merge fields a (valid) template uses, in order of first use."""
    compiled = _ENGINE.from_string(text)
    seen: list[str] = []
    for node in compiled.nodelist:
        if isinstance(node, VariableNode) and isinstance(node.filter_expression.var, Variable):
            name = node.filter_expression.var.var
            if name not in seen:
                seen.append(name)
    return seen

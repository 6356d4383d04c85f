"""Forms of the public pages. Messages follow the GOV.UK Design System's error message style:
say what happened and how to fix it, in the customer's words."""

import copy
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.forms import DeclarativeFieldsMetaclass

from .models import FeedbackKind, PreferredFormat
from .reference import reference_read, services_active
from .spam import SpamTrapForm
from .uploads import upload_check

REPLY_FIELDS = ("email", "phone", "address")
YES_NO = [("yes", "Yes"), ("no", "No")]
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
REFERENCE_RE = re.compile(r"^(CMP|COM|CPL)-?(\d{4})-?(\d{1,6})$")


class GovukForm(forms.Form):
    """A form that can list its errors for the GOV.UK error summary, each linked to its field."""

    # Which field a form-wide error belongs to: it is shown there and linked from the summary.
    non_field_error_field = ""

    def full_clean(self) -> None:
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and forms.forms.NON_FIELD_ERRORS in errors and self.non_field_error_field:
            moved = errors.pop(forms.forms.NON_FIELD_ERRORS)
            errors.setdefault(self.non_field_error_field, self.error_class()).extend(moved)

    def field_anchor(self, name: str) -> str:
        bound = self[name]
        if isinstance(bound.field.widget, forms.RadioSelect):
            return f"{bound.auto_id}_0"
        return bound.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        for name, errors in self.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS:
                links.extend((self.field_anchor(next(iter(self.fields))), str(e)) for e in errors)
            elif name in self.fields:
                links.extend((self.field_anchor(name), str(e)) for e in errors)
        return links

    def stored(self) -> dict[str, Any]:
        """The cleaned answers in a form the session can hold and this form can bind again."""
        out = {}
        for name, value in self.cleaned_data.items():
            out[name] = value.pk if isinstance(value, Model) else value
        return out


def _text(label: str, *, required_message: str, max_length: int, too_long: str, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={"required": required_message, "max_length": too_long},
        **kwargs,
    )


class _SharedFields(dict):
    """A form class's fields, handed to each new form as they are (Django deep-copies every
    field, with its widget and choices, for every form it builds: most of a step form's cost,
    and the public form builds 28 a submission)."""

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


class _SharedFieldsMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = _SharedFields(new_class.base_fields)
        return new_class


class StepForm(GovukForm, metaclass=_SharedFieldsMetaclass):
    """A question of the public form. Its fields are shared by every form of the class and
    never changed: a form that needs another field (another label, the council's services)
    puts a field of its own in its `fields`, made once per process (or per reference data)."""


class KindForm(StepForm):
    kind = forms.ChoiceField(
        label="What would you like to tell us?",
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select if you want to make a complaint, a comment or a compliment",
            "invalid_choice": "Select if you want to make a complaint, a comment or a compliment",
        },
    )
    hints = {
        "complaint": "Something has gone wrong: we did not do what we should have, did it "
        "badly or late, or a member of staff treated you unfairly.",
        "comment": "An idea or a view about how we could do things better.",
        "compliment": "Tell us about good service or a member of staff who helped.",
    }


class ServiceForm(StepForm):
    service = forms.TypedChoiceField(
        label="Which service is it about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the service it is about",
            "invalid_choice": "Select the service it is about",
        },
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"] = reference_read(
            organisation, "public_service_field", lambda: self._service_field(organisation)
        )

    @classmethod
    def _service_field(cls, organisation) -> forms.TypedChoiceField:
        """The council's active services as the process keeps them (feedback.reference): the
        page and each check of the answer cost no query. The answer cleans to the service."""
        services = {str(service.pk): service for service in services_active(organisation)}
        field = copy.deepcopy(cls.base_fields["service"])
        field.choices = [(pk, service.name) for pk, service in services.items()]
        field.coerce = services.__getitem__
        return field


class DetailsForm(StepForm):
    summary = _text(
        "Summary",
        required_message="Enter a short summary",
        max_length=200,
        too_long="Summary must be 200 characters or fewer",
        help_text="In a few words, for example ‘Bin not collected on Elm Road’.",
    )
    description = _text(
        "What happened?",
        required_message="Tell us what happened",
        max_length=10000,
        too_long="What happened must be 10,000 characters or fewer",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Include dates, places and the names of anyone you dealt with, if you know "
        "them. Do not include bank details or passwords.",
    )
    staff_member_named = _text(
        "Who would you like to praise? (optional)",
        required_message="",
        max_length=200,
        too_long="Name must be 200 characters or fewer",
        required=False,
        help_text="A name, a job or a team, for example ‘the driver of the number 3 bus’.",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind in _DESCRIPTIONS:
            self.fields["description"] = _DESCRIPTIONS[kind]
        if kind != FeedbackKind.COMPLIMENT:
            del self.fields["staff_member_named"]


def _description(label: str, required_message: str) -> forms.Field:
    field = copy.deepcopy(DetailsForm.base_fields["description"])
    field.label = label
    field.error_messages["required"] = required_message
    return field


# What happened, in the words of a comment and of a compliment.
_DESCRIPTIONS = {
    FeedbackKind.COMMENT: _description(
        "What is your comment or suggestion?", "Enter your comment or suggestion"
    ),
    FeedbackKind.COMPLIMENT: _description("What did we do well?", "Tell us what we did well"),
}


class OutcomeForm(StepForm):
    outcome_wanted = _text(
        "What would put things right for you?",
        required_message="Tell us what would put things right, or that you are not sure",
        max_length=5000,
        too_long="What would put things right must be 5,000 characters or fewer",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example an apology, an explanation, or something done or put right. "
        "If you are not sure, say so.",
    )


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"[0-9+()\-\s]+", value) or not 10 <= len(digits) <= 15:
        raise ValidationError(
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )
    return value.strip()


class RepresentativeForm(StepForm):
    acting_for = forms.ChoiceField(
        label="Are you sending this for someone else?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you are sending this for someone else",
            "invalid_choice": "Select yes if you are sending this for someone else",
        },
    )
    representative_name = forms.CharField(label="Your full name", max_length=200, required=False)
    representative_relationship = forms.CharField(
        label="How are you connected to them?",
        max_length=120,
        required=False,
        help_text="For example: their councillor, a relative, an advocate.",
    )
    representative_email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter your email address in the correct format, like name@example.com"
        },
    )
    representative_phone = forms.CharField(
        label="Your telephone number (optional)", max_length=40, required=False
    )
    representative_consent = forms.BooleanField(
        label="They have agreed that I can act for them", required=False
    )
    non_field_error_field = "representative_name"

    def clean_representative_phone(self) -> str:
        value = self.cleaned_data.get("representative_phone", "").strip()
        return _phone(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("acting_for") != "yes":
            return {"acting_for": data.get("acting_for")} if "acting_for" in data else data
        if not data.get("representative_name", "").strip():
            self.add_error("representative_name", "Enter your full name")
        if not data.get("representative_relationship", "").strip():
            self.add_error("representative_relationship", "Tell us how you are connected to them")
        if not data.get("representative_consent"):
            self.add_error(
                "representative_consent",
                "Confirm that they have agreed that you can act for them",
            )
        return data


class ContactForm(StepForm):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="We will send the reference and our reply here.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Telephone number", max_length=40, required=False)
    address = forms.CharField(
        label="Postal address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    non_field_error_field = "email"

    def __init__(self, *args, kind: str, representative_can_reply: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.representative_can_reply = representative_can_reply

    @property
    def reply_required(self) -> bool:
        return self.kind == FeedbackKind.COMPLAINT and not self.representative_can_reply

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return _phone(value) if value else ""

    def clean_postcode(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data.get("postcode", "")).upper()
        if not value:
            return ""
        match = POSTCODE_RE.match(value)
        if not match:
            raise ValidationError("Enter a real postcode, like AA1 1AA")
        return f"{match[1]} {match[2]}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A mistyped email address or phone number already has its own message.
        typo = self.has_error("email") or self.has_error("phone")
        if self.reply_required and not typo and not any(data.get(n) for n in REPLY_FIELDS):
            raise ValidationError(
                "Enter an email address, a telephone number or a postal address: we need a "
                "way to reply to a complaint",
                code="no_contact",
            )
        if data.get("postcode") and not data.get("address"):
            self.add_error("address", "Enter the first line of your address and the town")
        return data


class NeedsForm(StepForm):
    preferred_format = forms.ChoiceField(
        label="How would you like us to write to you?",
        choices=PreferredFormat.choices,
        widget=forms.RadioSelect,
        initial=PreferredFormat.STANDARD,
        error_messages={
            "required": "Select how you would like us to write to you",
            "invalid_choice": "Select how you would like us to write to you",
        },
    )
    preferred_language = forms.CharField(label="Which language?", max_length=60, required=False)
    accessibility_needs = forms.CharField(
        label="Do you need us to do anything to make contact easier for you? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example a call at a certain time, an interpreter, or a meeting in a "
        "building with step-free access.",
        error_messages={"max_length": "This must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, has_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_email = has_email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = data.get("preferred_format")
        if chosen == PreferredFormat.OTHER_LANGUAGE and not data.get("preferred_language"):
            self.add_error("preferred_language", "Enter the language you would like us to use")
        if chosen == PreferredFormat.EMAIL and not self.has_email:
            self.add_error(
                "preferred_format",
                "Select another format, or go back and give us an email address",
            )
        return data


class AttachmentForm(GovukForm):
    document = forms.FileField(
        label="Upload a file",
        required=True,
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, already: int = 0, limited=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.already = already
        self.limited = limited  # feedback.ratelimits.Limited: refused before the file is read
        self.content_type = ""

    def clean_document(self):
        if self.limited is not None:
            raise ValidationError(self.limited.message)
        document = self.cleaned_data["document"]
        limit = settings.ATTACHMENT_MAX_FILES
        if self.already >= limit:
            raise ValidationError(
                f"You can upload up to {limit} file{'s' if limit != 1 else ''}. Remove one "
                "before adding another"
            )
        self.content_type = upload_check(document)
        return document


class CheckAnswersForm(SpamTrapForm, GovukForm):
    submit_token = forms.CharField(widget=forms.HiddenInput)


class ProgressRequestForm(SpamTrapForm, GovukForm):
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="It is in the email we sent you, for example CMP-2026-00042.",
        error_messages={"required": "Enter your reference"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The email address you gave us when you contacted us.",
        error_messages={
            "required": "Enter the email address you gave us",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_reference(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data["reference"]).upper()
        match = REFERENCE_RE.match(value)
        if not match:
            raise ValidationError("Enter your reference in the correct format, like CMP-2026-00042")
        return f"{match[1]}-{match[2]}-{int(match[3]):05d}"

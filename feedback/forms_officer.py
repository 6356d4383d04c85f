"""Forms of the officer pages. They validate and hand clean data to feedback.services; none
saves a model. Error messages follow the GOV.UK pattern ("Enter ...", "Select ...")."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from govuk_forms.fields import DateField as GovukDateField

from . import clock
from .models import (
    MEMBER_KINDS,
    Category,
    Channel,
    ComplaintGround,
    FeedbackKind,
    PreferredFormat,
    RepresentativeKind,
    ServiceArea,
)
from .selectors import officers_for_service
from .uploads import upload_check


def _future_date(value: date | None, what: str) -> None:
    if value is not None and value <= clock.today():
        raise ValidationError(f"The {what} must be in the future")


class CategoriseForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        required=False,
        empty_label="Not categorised",
        error_messages={"invalid_choice": "Select a category from the list"},
    )
    ground = forms.ModelChoiceField(
        queryset=ComplaintGround.objects.none(),
        required=False,
        empty_label="None",
        label="Grounds of the complaint",
        error_messages={"invalid_choice": "Select grounds from the list"},
    )
    service = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        empty_label=None,
        label="Service dealing with it",
        error_messages={
            "required": "Select the service",
            "invalid_choice": "Select a service from the list",
        },
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault(
            "initial",
            {"category": case.category_id, "ground": case.ground_id, "service": case.service_id},
        )
        super().__init__(*args, **kwargs)
        kind_flag = Category.FLAG_FOR_KIND[case.kind]
        org = case.organisation_id
        self.fields["category"].queryset = Category.objects.filter(
            organisation_id=org, is_active=True, **{kind_flag: True}
        )
        self.fields["service"].queryset = ServiceArea.objects.filter(
            organisation_id=org, is_active=True
        )
        if case.kind == FeedbackKind.COMPLAINT:
            self.fields["ground"].queryset = ComplaintGround.objects.filter(
                organisation_id=org, is_active=True
            )
        else:
            del self.fields["ground"]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        queryset=None,
        label="Assign to",
        empty_label="Select an officer",
        error_messages={
            "required": "Select the officer to assign the case to",
            "invalid_choice": "Select an officer who works for this service",
        },
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {"officer": case.assigned_to_id})
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers_for_service(service=case.service)
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add an internal note",
        help_text="Never shown to the customer.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 10,000 characters or fewer",
        },
    )
    chasing = forms.BooleanField(
        label="The customer contacted us chasing this case",
        help_text="Counted as failure demand in the reports.",
        required=False,
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Attach a document",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = upload_check(upload)
        return upload


class _ReviewDateForm(forms.Form):
    """An arrangement that must be reviewed: a future review date, required once there is
    something to review."""

    reviewed = ""  # what is reviewed, in the labels and messages: "adjustments", "restriction"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_on"] = GovukDateField(
            required=False,
            label=f"Review the {self.reviewed} on",
            label_name="review date",
            help_text="For example, 27 3 2027",
        )

    def has_arrangement(self, data: dict) -> bool:
        raise NotImplementedError

    def clean_review_on(self):
        value = self.cleaned_data.get("review_on")
        _future_date(value, "review date")
        return value

    def clean(self):
        data = super().clean()
        missing = not data.get("review_on") and "review_on" not in self.errors
        if missing and self.has_arrangement(data):
            self.add_error("review_on", f"Enter the date to review the {self.reviewed}")
        return data


class AdjustmentsForm(_ReviewDateForm):
    reviewed = "adjustments"
    preferred_format = forms.ChoiceField(
        choices=PreferredFormat.choices,
        widget=forms.RadioSelect,
        label="Preferred format for letters",
        error_messages={"required": "Select the preferred format"},
    )
    preferred_language = forms.CharField(
        required=False, max_length=60, label="Preferred language (if not English)"
    )
    accessibility_needs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Accessibility needs"
    )
    reasonable_adjustments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reasonable adjustments agreed",
    )

    def has_arrangement(self, data: dict) -> bool:
        return bool(data.get("accessibility_needs") or data.get("reasonable_adjustments"))


class RestrictionForm(_ReviewDateForm):
    reviewed = "restriction"
    restriction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Contact restriction",
        help_text=(
            "What officers must do when this customer makes contact, under the council's "
            "unreasonable contact policy. Leave empty to lift the restriction."
        ),
    )

    def has_arrangement(self, data: dict) -> bool:
        return bool(data.get("restriction", "").strip())


class LogContactForm(forms.Form):
    """Feedback an officer takes by phone, in person, by letter or email, or from a councillor
    acting for the customer."""

    kind = forms.ChoiceField(
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        label="What is it?",
        error_messages={"required": "Select whether it is a complaint, comment or compliment"},
    )
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="How did it reach the council?",
        error_messages={"required": "Select how the contact was made"},
    )
    received_on = GovukDateField(
        label="Date received", label_name="date received", help_text="For example, 27 3 2026"
    )
    received_time = forms.TimeField(
        label="Time received",
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time received",
            "invalid": "Enter the time as hours and minutes, for example 14:30",
        },
    )
    service = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        empty_label="Select a service",
        label="Which service is it about?",
        error_messages={"required": "Select the service it is about"},
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), required=False, empty_label="Not yet categorised"
    )
    summary = forms.CharField(
        max_length=200,
        label="Summary",
        help_text="One line officers will see in lists.",
        error_messages={
            "required": "Enter a summary",
            "max_length": "The summary must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What the customer told us",
        error_messages={"required": "Enter what the customer told us"},
    )
    outcome_wanted = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What would put it right, in the customer's words",
    )
    staff_member_named = forms.CharField(
        required=False, max_length=200, label="Staff member praised (compliments)"
    )
    title = forms.CharField(required=False, max_length=20, label="Title")
    first_name = forms.CharField(required=False, max_length=100, label="First name")
    last_name = forms.CharField(required=False, max_length=100, label="Last name")
    email = forms.EmailField(
        required=False,
        label="Email address",
        help_text="An existing customer with this email address is used, not duplicated.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(required=False, max_length=40, label="Telephone number")
    address = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Postal address"
    )
    postcode = forms.CharField(required=False, max_length=10, label="Postcode")
    preferred_format = forms.ChoiceField(
        choices=PreferredFormat.choices,
        initial=PreferredFormat.STANDARD,
        label="Preferred format for letters",
    )
    accessibility_needs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Accessibility needs"
    )
    representative_kind = forms.ChoiceField(
        required=False,
        choices=[("", "Nobody: the customer contacted us"), *RepresentativeKind.choices],
        label="Who is acting for the customer",
        help_text="A councillor's, MP's or MS's enquiry is answered to both and counted apart.",
    )
    representative_name = forms.CharField(
        required=False,
        max_length=200,
        label="Representative's name",
        help_text="A councillor, MP, relative or advocate acting for the customer.",
    )
    representative_relationship = forms.CharField(
        required=False, max_length=120, label="Representative's role"
    )
    representative_area = forms.CharField(
        required=False,
        max_length=120,
        label="Ward or constituency (elected members)",
    )
    representative_email = forms.EmailField(
        required=False,
        label="Representative's email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    representative_phone = forms.CharField(
        required=False, max_length=40, label="Representative's telephone number"
    )
    representative_address = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Representative's postal address",
    )
    representative_consent_on = forms.DateField(
        required=False,
        label="Date the customer consented",
        help_text="For example, 27 3 2026. A member's enquiry needs the constituent's consent.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    CUSTOMER_FIELDS = (
        "title",
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "postcode",
        "preferred_format",
        "accessibility_needs",
        "representative_kind",
        "representative_name",
        "representative_relationship",
        "representative_area",
        "representative_email",
        "representative_phone",
        "representative_address",
        "representative_consent_on",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        org = organisation.pk
        # The web form is the public's own channel; officers log every other one.
        self.fields["channel"].queryset = Channel.objects.filter(
            organisation_id=org, is_active=True
        ).exclude(slug="web-form")
        self.fields["service"].queryset = ServiceArea.objects.filter(
            organisation_id=org, is_active=True
        )
        self.fields["category"].queryset = Category.objects.filter(
            organisation_id=org, is_active=True
        )

    def clean(self):
        data = super().clean()
        day, moment = data.get("received_on"), data.get("received_time")
        if day and moment:
            received = timezone.make_aware(datetime.combine(day, moment))
            if received > clock.now():
                self.add_error("received_on", "The date and time received must be in the past")
            data["received_at"] = received
        kind = data.get("kind")
        if kind == FeedbackKind.COMPLAINT and not any(
            data.get(f) for f in ("email", "phone", "address")
        ):
            self.add_error(
                "email",
                "Enter an email address, telephone number or postal address: "
                "a complaint needs a way to reply",
            )
        category = data.get("category")
        if category and kind:
            flag = {"complaint": "for_complaints", "comment": "for_comments"}.get(
                kind, "for_compliments"
            )
            if not getattr(category, flag):
                self.add_error("category", "Select a category that fits this kind of feedback")
        representative = data.get("representative_kind")
        if representative and not data.get("representative_name", "").strip():
            self.add_error("representative_name", "Enter the name of the person acting for them")
        if representative in MEMBER_KINDS and not data.get("representative_consent_on"):
            self.add_error(
                "representative_consent_on",
                "Enter the date the customer consented to the member acting for them",
            )
        return data


__all__ = [
    "AdjustmentsForm",
    "AssignForm",
    "CategoriseForm",
    "DocumentForm",
    "GovukDateField",
    "LogContactForm",
    "NoteForm",
    "RestrictionForm",
]


class ReclassifyForm(forms.Form):
    """A case whose kind was wrong (an email that is really a compliment), before triage."""

    kind = forms.ChoiceField(
        label="It is really a",
        choices=[],
        error_messages={
            "required": "Select what the case really is",
            "invalid_choice": "Select a kind from the list",
        },
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Enter why the kind was wrong"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in FeedbackKind.choices if value != case.kind
        ]


class LinkForm(forms.Form):
    """Link this case to another about the same matter, by its reference."""

    reference = forms.CharField(
        label="Reference of the other case",
        max_length=20,
        error_messages={"required": "Enter the reference of the other case"},
    )
    kind = forms.ChoiceField(label="How they are linked", choices=[])
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from .models import CaseLink

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CaseLink.Kind.choices

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()

from datetime import date

from django import forms
from django.contrib.auth import get_user_model

from feedback.models import ServiceArea
from govuk_forms.fields import DateField

from .code import REQUIREMENTS
from .models import Compliance, ServiceImprovement


class IntroductionForm(forms.Form):
    text = forms.CharField(
        label="Introduction",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the introduction"},
    )


class RangeForm(forms.Form):
    """Any date range, entered as GOV.UK date inputs (day, month, year)."""

    start_day = forms.IntegerField(min_value=1, max_value=31)
    start_month = forms.IntegerField(min_value=1, max_value=12)
    start_year = forms.IntegerField(min_value=2000, max_value=2100)
    end_day = forms.IntegerField(min_value=1, max_value=31)
    end_month = forms.IntegerField(min_value=1, max_value=12)
    end_year = forms.IntegerField(min_value=2000, max_value=2100)

    def _date(self, prefix: str, label: str) -> date | None:
        parts = [self.cleaned_data.get(f"{prefix}_{p}") for p in ("year", "month", "day")]
        if None in parts:
            self.add_error(f"{prefix}_day", f"Enter a real {label} date")
            return None
        try:
            return date(*parts)
        except ValueError:
            self.add_error(f"{prefix}_day", f"Enter a real {label} date")
            return None

    def clean(self):
        cleaned = super().clean()
        # Errors on the parts are reported once, on the day field the error summary links to.
        for prefix in ("start", "end"):
            for part in ("month", "year"):
                self.errors.pop(f"{prefix}_{part}", None)
            self.errors.pop(f"{prefix}_day", None)
        start = self._date("start", "start")
        end = self._date("end", "end")
        if start and end:
            if end < start:
                self.add_error("end_day", "The end date must be on or after the start date")
            elif (end - start).days > 3 * 366:
                self.add_error("end_day", "Choose a period of three years or less")
            cleaned["start"], cleaned["end"] = start, end
        return cleaned


# ---------------------------------------------------------------- the Code's annual report
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def field_name(key: str, part: str) -> str:
    return f"r{key.replace('.', '_')}_{part}"


class SelfAssessmentForm(forms.Form):
    """One evidence, compliance and actions field per requirement of the Code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for requirement in REQUIREMENTS:
            self.fields[field_name(requirement.key, "evidence")] = forms.CharField(
                label=f"{requirement.key}: the council's evidence",
                required=False,
                max_length=5000,
                widget=TEXTAREA,
            )
            self.fields[field_name(requirement.key, "complies")] = forms.ChoiceField(
                label=f"{requirement.key}: does the council comply?",
                choices=Compliance.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[field_name(requirement.key, "actions")] = forms.CharField(
                label=f"{requirement.key}: actions planned",
                required=False,
                max_length=5000,
                widget=TEXTAREA,
            )

    def rows(self):
        """(requirement, evidence field, complies field, actions field) for the template."""
        return [
            (
                requirement,
                self[field_name(requirement.key, "evidence")],
                self[field_name(requirement.key, "complies")],
                self[field_name(requirement.key, "actions")],
            )
            for requirement in REQUIREMENTS
        ]


class GoverningBodyResponseForm(forms.Form):
    text = forms.CharField(
        label="The governing body's response",
        help_text="As minuted, for example by the Standards Committee or Cabinet.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the governing body's response"},
    )
    responded_on = DateField(
        label="Date of the response",
        help_text="For example, 27 6 2026",
        error_messages={"required": "Enter the date of the response"},
    )


class ImprovementForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        label="Service",
        empty_label="Choose the service",
        error_messages={"required": "Choose the service"},
    )
    lesson = forms.CharField(
        label="What the complaints showed (you said)",
        widget=TEXTAREA,
        max_length=2000,
        error_messages={"required": "Enter what the complaints showed"},
    )
    action = forms.CharField(
        label="What the council is changing (we did)",
        widget=TEXTAREA,
        max_length=2000,
        error_messages={"required": "Enter what the council is changing"},
    )
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label="Owner",
        empty_label="Choose who owns the change",
        error_messages={"required": "Choose who owns the change"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ServiceImprovement.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )
    done_on = DateField(label="Date done", help_text="When the status is Done", required=False)
    case_references = forms.CharField(
        label="The complaints it came from",
        help_text="Case references, separated by spaces or commas",
        required=False,
        max_length=2000,
    )
    publish = forms.BooleanField(
        label="Publish on the public page once done (no case details)", required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServiceArea.objects.filter(
            organisation=organisation
        ).order_by("position", "name")
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, officer__organisation=organisation)
            .order_by("first_name", "last_name")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username

"""Forms for erasure and rectification on request (feedback.erasure)."""

from django import forms

from .erasure import LawfulBasis
from .models import Case, Customer


class ErasureForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Cases to erase",
        error_messages={"required": "Select at least one case"},
    )
    lawful_basis = forms.ChoiceField(
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        label="Lawful basis for erasure",
        help_text="The ground in UK GDPR Article 17(1) that applies. It is recorded.",
        error_messages={"required": "Select the lawful basis for erasure"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason",
        help_text=(
            "The request and why it is granted, for example the date the customer asked and how "
            "you checked it was them. It is recorded on each case's timeline: do not repeat the "
            "personal data being erased."
        ),
        max_length=2000,
        error_messages={"required": "Enter the reason for erasure"},
    )

    def __init__(self, *args, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.reference}: {case.summary} ({case.get_state_display().lower()})"
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for erasure")
        return reason


class RectificationForm(forms.ModelForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for the correction",
        help_text="Recorded with your name on the timeline of each of the customer's cases.",
        max_length=2000,
        error_messages={"required": "Enter the reason for the correction"},
    )

    class Meta:
        model = Customer
        fields = ["title", "first_name", "last_name", "email", "phone", "address", "postcode"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

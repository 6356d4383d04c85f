from django import forms

from .merge_fields import template_errors
from .models import Letter, LetterKind


class LetterKindForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter?", error_messages={"required": "Select which letter to write"}
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, LetterKind(k).label) for k in kinds]


class LetterDraftForm(forms.Form):
    subject = forms.CharField(
        label="Heading", max_length=200, error_messages={"required": "Enter a heading"}
    )
    body = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the wording of the letter"},
        help_text="Plain text. Leave a blank line between paragraphs. The contact details, "
        "the decision and how to take it further are added for you.",
    )
    large_print = forms.BooleanField(label="Large print (16pt and larger)", required=False)

    def clean_body(self) -> str:
        return self.cleaned_data["body"].replace("\r\n", "\n")


class LetterSendForm(forms.Form):
    method = forms.ChoiceField(
        label="How should we send it?",
        choices=Letter.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select email or post"},
    )
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ApprovalAskForm(forms.Form):
    note = forms.CharField(
        label="Note for the manager (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return with comments")],
        error_messages={"required": "Choose whether to approve the letter or return it"},
    )
    comments = forms.CharField(
        label="Comments for the officer who wrote it",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return the letter: say what to change.",
    )


class ApprovalRulesForm(forms.Form):
    every_service = forms.BooleanField(
        label="Every service's response letters need a manager's approval", required=False
    )
    services = forms.ModelMultipleChoiceField(
        label="Or only these services'", queryset=None, required=False
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services


class LetterResendForm(forms.Form):
    method = forms.ChoiceField(
        label="Send it again by",
        choices=Letter.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select email or post"},
    )
    deliveries_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(
        label="Heading", max_length=200, error_messages={"required": "Enter a heading"}
    )
    body = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={"required": "Enter the wording"},
    )

    def clean_subject(self) -> str:
        return self._merge_checked("subject")

    def clean_body(self) -> str:
        return self._merge_checked("body")

    def _merge_checked(self, name: str) -> str:
        value = self.cleaned_data[name].replace("\r\n", "\n")
        errors = template_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value

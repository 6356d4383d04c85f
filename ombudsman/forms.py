"""Forms for the officer pages, rendered with GOV.UK Design System markup
(templates/ombudsman/officer/_field.html). Forms validate input; the services apply the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from feedback.models import Organisation, ServiceArea
from feedback.selectors import officers_who_can_act
from govuk_forms.fields import PARTS, DateField, DateWidget

from .models import Decision, OmbudsmanBody, Origin, RemedyKind


class GovukDateWidget(DateWidget):
    """The kit's day, month and year boxes (govuk_forms.fields), here named `<name>-day` etc.
    and drawn by this app's widget template."""

    parts = PARTS
    # In the app, not templates/: Django's default form renderer reads app templates only.
    template_name = "ombudsman/widgets/govuk_date.html"

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "").strip() for part in self.parts]

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in self.parts)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            subwidget["name"] = f"{name}-{part}"
            subwidget["part"] = part
            subwidget["attrs"]["id"] = f"{attrs.get('id', name)}-{part}"
        return context


class GovukDateField(DateField):
    """The kit's date field (govuk_forms.fields) in this app's boxes, named by its label."""

    widget = GovukDateWidget
    MESSAGES = {**DateField.MESSAGES, "invalid": "The {name} must be a real date, like 27 3 2026"}

    def __init__(self, **kwargs):
        super().__init__(label_name=str(kwargs.get("label") or "date").lower(), **kwargs)


def _anchor(field: forms.BoundField) -> str:
    """The first input of a field, which the error summary links to."""
    suffix = {"govukdate": "-day", "radioselect": "_0"}.get(field.widget_type, "")
    return f"{field.auto_id}{suffix}"


class GovukForm(forms.Form):
    """Adds the GOV.UK classes, and their error variants once the form has been validated."""

    CLASSES = {
        "textinput": "govuk-input",
        "emailinput": "govuk-input",
        "numberinput": "govuk-input govuk-input--width-10",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name = type(field.widget).__name__.lower()
            if name in self.CLASSES:
                field.widget.attrs.setdefault("class", self.CLASSES[name])

    def error_links(self) -> list[tuple[str, str]]:
        """What the kit's error summary (govuk_forms/error_summary.html) lists."""
        return [("main-form", str(error)) for error in self.non_field_errors()] + [
            (_anchor(field), str(error)) for field in self for error in field.errors
        ]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, GovukDateWidget):
                widget.attrs["data_error"] = True
                continue
            base = widget.attrs.get("class", "")
            if base and "--error" not in base:
                widget.attrs["class"] = f"{base} {base.split()[0]}--error"


def _officers(organisation: Organisation) -> QuerySet:
    # Only people who can act on cases: a committee member owns no remedy and no case.
    return officers_who_can_act(organisation=organisation)


class OfficerChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "Nobody yet")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class OmbudsmanCaseForm(GovukForm):
    body = forms.ModelChoiceField(
        label="Which Ombudsman", queryset=OmbudsmanBody.objects.none(), empty_label=None
    )
    ombudsman_reference = forms.CharField(label="The Ombudsman's reference", max_length=60)
    summary = forms.CharField(label="What the complaint is about", max_length=200)
    complaint_reference = forms.CharField(
        label="The council's complaint reference (if the council saw the complaint)",
        max_length=20,
        required=False,
        help_text="For example CMP-2026-00042. Leave blank if the council never saw it.",
    )
    service = forms.ModelChoiceField(
        label="Service (when there is no complaint reference)",
        queryset=ServiceArea.objects.none(),
        required=False,
    )
    origin = forms.ChoiceField(
        label="Had the council dealt with it?",
        choices=Origin.choices,
        required=False,
        help_text="Filled in from the complaint when there is one.",
    )
    complainant_name = forms.CharField(max_length=200, required=False)
    investigator_name = forms.CharField(label="Investigator's name", max_length=200, required=False)
    investigator_email = forms.EmailField(label="Investigator's email", required=False)
    investigator_phone = forms.CharField(
        label="Investigator's telephone", max_length=40, required=False
    )
    enquiry_received_on = GovukDateField(label="Date the enquiry arrived")
    response_due = GovukDateField(
        label="Response deadline",
        required=False,
        help_text="Leave blank for the Ombudsman's default (20 working days after the enquiry).",
    )
    assigned_to = OfficerChoiceField(
        label="Assigned officer", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = OmbudsmanBody.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["service"].queryset = ServiceArea.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["assigned_to"].queryset = _officers(organisation)

    def clean(self):
        data = super().clean()
        if not data.get("complaint_reference") and not data.get("service"):
            self.add_error("service", "Choose the service, or give the complaint reference")
        return data


class OmbudsmanCaseEditForm(GovukForm):
    ombudsman_reference = forms.CharField(label="The Ombudsman's reference", max_length=60)
    summary = forms.CharField(label="What the complaint is about", max_length=200)
    complainant_name = forms.CharField(max_length=200, required=False)
    investigator_name = forms.CharField(label="Investigator's name", max_length=200, required=False)
    investigator_email = forms.EmailField(label="Investigator's email", required=False)
    investigator_phone = forms.CharField(
        label="Investigator's telephone", max_length=40, required=False
    )
    enquiry_received_on = GovukDateField(label="Date the enquiry arrived")
    response_due = GovukDateField(label="Response deadline")
    comments_due = GovukDateField(
        label="Deadline for comments on the draft decision", required=False
    )
    assigned_to = OfficerChoiceField(
        label="Assigned officer", queryset=get_user_model().objects.none(), required=False
    )
    reason = forms.CharField(
        label="Why (for the timeline)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _officers(organisation)


class DocumentForm(GovukForm):
    description = forms.CharField(label="Document sent", max_length=255)
    sent_on = GovukDateField(label="Date sent")


class StepForm(GovukForm):
    """The form of a lifecycle step: which fields depend on the step (see STEP_FIELDS)."""

    documents = forms.CharField(
        label="Documents sent (one a line)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    sent_on = GovukDateField(label="Date sent", required=False)
    received_on = GovukDateField(label="Date the draft decision arrived", required=False)
    comments_due = GovukDateField(
        label="Deadline for comments",
        required=False,
        help_text="Leave blank for the Ombudsman's default (10 working days).",
    )
    decided_on = GovukDateField(label="Date of the Ombudsman's decision", required=False)
    closed_on = GovukDateField(label="Date closed", required=False)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason = forms.CharField(
        label="Note for the timeline", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    STEP_FIELDS = {
        "send_information": ["documents", "sent_on", "reason"],
        "receive_draft_decision": ["received_on", "comments_due", "summary", "reason"],
        "send_comments": ["sent_on", "reason"],
        "confirm_remedies_complied": ["reason"],
        "close": ["closed_on", "reason"],
        "close_after_initial_enquiries": ["decided_on", "summary", "reason"],
        "close_premature": ["decided_on", "summary", "reason"],
        "withdraw": ["decided_on", "reason"],
    }
    REQUIRED = {
        "send_information": ["documents", "sent_on"],
        "receive_draft_decision": ["received_on"],
        "send_comments": ["sent_on"],
        "close_after_initial_enquiries": ["decided_on"],
        "close_premature": ["decided_on"],
        "withdraw": ["decided_on"],
    }

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.STEP_FIELDS[step]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in self.REQUIRED.get(step, []):
            self.fields[name].required = True
        if step == "withdraw":
            self.fields["decided_on"].label = "Date withdrawn"

    def step_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "reason"}
        if "documents" in data:
            data["documents"] = [line for line in data["documents"].splitlines() if line.strip()]
        return data


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="The Ombudsman's decision", choices=Decision.choices, widget=forms.RadioSelect
    )
    decided_on = GovukDateField(label="Date of the final decision")
    summary = forms.CharField(
        label="Summary of the decision", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RemedyForm(GovukForm):
    kind = forms.ChoiceField(label="Remedy", choices=[("", "Choose a remedy"), *RemedyKind.choices])
    description = forms.CharField(
        label="What the council must do", widget=forms.Textarea(attrs={"rows": 2})
    )
    amount = forms.DecimalField(
        label="Amount (£), for financial redress",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    due_on = GovukDateField(label="Due date")
    owner = OfficerChoiceField(
        label="Owner", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _officers(organisation)

    def clean(self):
        data = super().clean()
        if data.get("kind") == RemedyKind.FINANCIAL and not data.get("amount"):
            self.add_error("amount", "Enter the amount of the financial redress")
        return data


class BaseRemedyFormSet(forms.BaseFormSet):
    def error_links(self) -> list[tuple[str, str]]:
        """The rows' errors for the error summary, each named by its row."""
        links = [("remedies", str(error)) for error in self.non_form_errors()]
        for number, form in enumerate(self.forms, 1):
            links += [
                (_anchor(field), f"Remedy {number}: {error}")
                for field in form
                for error in field.errors
            ]
        return links

    def clean(self):
        super().clean()
        decision = getattr(self, "decision", "")
        filled = [f for f in self.forms if f.has_changed() and not f.errors]
        if filled and decision == Decision.NOT_UPHELD:
            raise forms.ValidationError(
                "The Ombudsman recommends remedies only when it upholds a complaint"
            )


RemedyFormSet = forms.formset_factory(RemedyForm, formset=BaseRemedyFormSet, extra=3, max_num=10)


class ComplianceForm(GovukForm):
    complied_on = GovukDateField(label="Date complied with")
    evidence = forms.CharField(
        label="Evidence of compliance", widget=forms.Textarea(attrs={"rows": 3})
    )
    amount_paid = forms.DecimalField(
        label="Amount paid (£)", max_digits=10, decimal_places=2, min_value=0, required=False
    )
    sent_to_ombudsman_on = GovukDateField(
        label="Date the evidence was sent to the Ombudsman", required=False
    )

    def __init__(self, *args, financial: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not financial:
            del self.fields["amount_paid"]

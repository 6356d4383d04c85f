"""Forms of the lifecycle pages. They only clean input; the services decide."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Outcome, RefusalReason, Remedy, StagePolicy
from .services import POLICY_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class DateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (`<name>_day` etc.)."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput},
            attrs=attrs,
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateWidget

    def __init__(self, **kwargs):
        error = {
            "required": "Enter the date",
            "incomplete": "Enter a full date",
            "invalid": "Enter a real date",
            **kwargs.pop("error_messages", {}),
        }
        fields = (forms.IntegerField(), forms.IntegerField(), forms.IntegerField())
        super().__init__(fields=fields, error_messages=error, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return date(int(year), int(month), int(day))
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError("Enter a real date") from exc


def officers_who_review(case):
    users = get_user_model().objects.filter(is_active=True, officer__organisation=case.organisation)
    perm = Q(groups__permissions__codename="review_case") | Q(
        user_permissions__codename="review_case"
    )
    return users.filter(perm).distinct().order_by("first_name", "last_name")


def officers_of(case):
    return (
        get_user_model()
        .objects.filter(is_active=True, officer__organisation=case.organisation)
        .order_by("first_name", "last_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class TransitionForm(forms.Form):
    """The reason and whatever the transition needs (TransitionSpec.fields)."""

    reason = forms.CharField(widget=TEXTAREA, required=False)

    def __init__(self, *args, spec, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["reason"].label = spec.reason_label
        self.fields["reason"].required = spec.reason_required
        self.fields["reason"].error_messages["required"] = f"Enter the {spec.reason_label.lower()}"
        if "refusal_reason" in spec.fields:
            self.fields["refusal_reason"] = forms.ModelChoiceField(
                queryset=RefusalReason.objects.filter(
                    organisation=case.organisation, is_active=True
                ),
                widget=forms.RadioSelect,
                label="Why it is not accepted as a complaint",
                help_text="The customer is told this, and that they may go to the Ombudsman.",
                error_messages={"required": "Choose why it is not accepted as a complaint"},
                empty_label=None,
            )
        if "forwarded_to" in spec.fields:
            required = spec.name == "triage_forward"
            self.fields["forwarded_to"] = forms.CharField(
                max_length=200,
                required=required,
                label="Forwarded to" if required else "Passed to (service or staff member)",
                error_messages={"required": "Enter the organisation it was forwarded to"},
            )
        if "request_reason" in spec.fields:
            self.fields["request_reason"] = forms.CharField(
                widget=TEXTAREA,
                label="Why the customer wants a Stage 2 review",
                error_messages={"required": "Enter why the customer wants a Stage 2 review"},
            )
        if "handler" in spec.fields:
            self.fields["handler"] = UserChoiceField(
                queryset=officers_who_review(case),
                required=False,
                label="Reviewer (optional)",
                help_text="Someone other than the Stage 1 handler. Leave empty for the service "
                "manager to choose.",
                empty_label="Not chosen yet",
            )

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class ResponseForm(forms.Form):
    REMEDY_ROWS = 2
    ACTION_ROWS = 2

    complaint_understood = forms.CharField(
        widget=TEXTAREA,
        label="The complaint as the council understood it",
        error_messages={"required": "Enter the complaint as the council understood it"},
    )
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        label="Outcome",
        error_messages={"required": "Choose the outcome"},
    )
    outcome_reasons = forms.CharField(
        widget=TEXTAREA,
        label="Reasons for the decision",
        error_messages={"required": "Enter the reasons for the decision"},
    )
    lessons_learned = forms.CharField(widget=TEXTAREA, required=False, label="Lessons learned")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [("", "No remedy"), *Remedy.Kind.choices]
        for i in range(1, self.REMEDY_ROWS + 1):
            self.fields[f"remedy_{i}_kind"] = forms.ChoiceField(
                choices=kinds, required=False, label=f"Remedy {i}"
            )
            self.fields[f"remedy_{i}_description"] = forms.CharField(
                required=False, label=f"Remedy {i}: what"
            )
            self.fields[f"remedy_{i}_amount"] = forms.DecimalField(
                required=False,
                min_value=0,
                max_digits=10,
                decimal_places=2,
                label=f"Remedy {i}: amount in pounds (financial redress)",
            )
        for i in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{i}_description"] = forms.CharField(
                required=False, label=f"Outstanding action {i}"
            )
            self.fields[f"action_{i}_owner"] = UserChoiceField(
                queryset=officers_of(case),
                required=False,
                label=f"Action {i}: owner",
                empty_label="Choose an owner",
            )
            self.fields[f"action_{i}_due"] = DateField(required=False, label=f"Action {i}: due")

    def clean(self):
        data = super().clean()
        for i in range(1, self.REMEDY_ROWS + 1):
            kind, text = data.get(f"remedy_{i}_kind"), data.get(f"remedy_{i}_description")
            if kind and not text:
                self.add_error(f"remedy_{i}_description", "Describe the remedy")
            if kind == Remedy.Kind.FINANCIAL and not data.get(f"remedy_{i}_amount"):
                self.add_error(f"remedy_{i}_amount", "Enter the amount of financial redress")
        for i in range(1, self.ACTION_ROWS + 1):
            if data.get(f"action_{i}_description"):
                if not data.get(f"action_{i}_owner"):
                    self.add_error(f"action_{i}_owner", "Choose who will do it")
                if not data.get(f"action_{i}_due"):
                    self.add_error(f"action_{i}_due", "Enter when it will be done")
        return data

    def remedies(self):
        from .responses import RemedyInput

        rows = []
        for i in range(1, self.REMEDY_ROWS + 1):
            kind = self.cleaned_data.get(f"remedy_{i}_kind")
            if kind:
                rows.append(
                    RemedyInput(
                        kind=kind,
                        description=self.cleaned_data[f"remedy_{i}_description"],
                        amount=self.cleaned_data.get(f"remedy_{i}_amount"),
                    )
                )
        return rows

    def actions(self):
        from .responses import ActionInput

        return [
            ActionInput(
                description=self.cleaned_data[f"action_{i}_description"],
                owner=self.cleaned_data[f"action_{i}_owner"],
                due_date=self.cleaned_data[f"action_{i}_due"],
            )
            for i in range(1, self.ACTION_ROWS + 1)
            if self.cleaned_data.get(f"action_{i}_description")
        ]


class ExtendForm(forms.Form):
    new_due = DateField(
        label="New deadline",
        help_text="For example, 27 1 2027",
        error_messages={"required": "Enter the new deadline"},
    )
    reason = forms.CharField(
        widget=TEXTAREA,
        label="Why more time is needed",
        help_text="The customer is told this in the holding letter.",
        error_messages={"required": "Enter why the deadline must move"},
    )


class ComplaintFromServiceRequestForm(forms.Form):
    summary = forms.CharField(
        max_length=200, label="Summary", error_messages={"required": "Enter a summary"}
    )
    description = forms.CharField(
        widget=TEXTAREA,
        label="What the customer is complaining about",
        error_messages={"required": "Enter what the customer is complaining about"},
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = StagePolicy
        fields = POLICY_FIELDS
        widgets = {
            "acknowledge_unit": forms.RadioSelect,
            "respond_unit": forms.RadioSelect,
            "clock_starts": forms.RadioSelect,
            "extension_unit": forms.RadioSelect,
            "escalation_window_unit": forms.RadioSelect,
        }
        labels = {
            "acknowledge_days_electronic": "Acknowledge electronic contact within (days)",
            "acknowledge_days_written": "Acknowledge written contact within (days)",
            "acknowledge_unit": "Acknowledgement counted in",
            "respond_days": "Respond within (days)",
            "respond_unit": "Response counted in",
            "clock_starts": "The response clock starts",
            "max_extension_days": "Longest extension (days)",
            "extension_unit": "Extension counted in",
            "escalation_window_days": "Customer may ask for the next stage within (days)",
            "escalation_window_unit": "Escalation window counted in",
            "reminder_working_days": "Remind the officer this many working days before",
        }


class ClosureDayForm(forms.Form):
    date = DateField(
        label="Date the council is closed",
        error_messages={"required": "Enter the date the council is closed"},
    )
    reason = forms.CharField(max_length=120, required=False, label="Reason (optional)")


class Stage2RequestForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        label="Why are you unhappy with our Stage 1 response?",
        help_text="Tell us what you think we got wrong or missed, and what you would like us "
        "to do.",
        error_messages={"required": "Enter why you are unhappy with our response"},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="I want to withdraw my complaint",
        error_messages={"required": "Confirm that you want to withdraw your complaint"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Why are you withdrawing it? (optional)",
    )

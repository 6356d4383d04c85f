"""Forms of the lifecycle pages. They only clean input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from feedback.selectors import officers_who_can_act
from govuk_forms.fields import DateField as GovukDateField

from .models import Outcome, RefusalReason, Remedy, StagePolicy

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class DateField(GovukDateField):
    """The GOV.UK date input, its errors worded as escalation's pages always have."""

    MESSAGES = {
        **GovukDateField.MESSAGES,
        "incomplete": "Enter a full date",
        "invalid": "Enter a real date",
    }


def officers_who_review(case):
    users = get_user_model().objects.filter(is_active=True, officer__organisation=case.organisation)
    perm = Q(groups__permissions__codename="review_case") | Q(
        user_permissions__codename="review_case"
    )
    return users.filter(perm).distinct().order_by("first_name", "last_name")


def officers_of(case):
    """Who can own an outstanding action: officers who can act on cases, never a committee
    member (statistics only)."""
    return officers_who_can_act(organisation=case.organisation)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class TransitionForm(forms.Form):
    """The reason and whatever the transition needs (TransitionSpec.fields)."""

    reason = forms.CharField(widget=TEXTAREA, required=False)

    def __init__(self, *args, name, spec, case, **kwargs):
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
            required = name == "triage_forward"
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
    """The response itself; its remedies and actions are rows of `ResponseForms`."""

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


class RowForm(forms.Form):
    """One row of an "Add another" list. `number` (1, 2, ...) names the row in its labels and
    error messages; the empty row the page's script copies has the placeholder `__num__`."""

    def __init__(self, *args, number, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number


class RemedyForm(RowForm):
    kind = forms.ChoiceField(required=False)
    description = forms.CharField(required=False)
    amount = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        n = self.number
        self.fields["kind"].choices = [("", "Choose the kind of remedy"), *Remedy.Kind.choices]
        self.fields["kind"].label = f"Remedy {n}"
        self.fields["description"].label = f"Remedy {n}: what"
        self.fields["amount"].label = f"Remedy {n}: amount in pounds (financial redress)"
        self.fields["amount"].error_messages |= {
            "invalid": f"Enter the amount of remedy {n} as a number, like 45.00",
            "min_value": f"The amount of remedy {n} cannot be less than 0",
            **dict.fromkeys(
                ["max_digits", "max_decimal_places", "max_whole_digits"],
                f"Enter the amount of remedy {n} in pounds and pence, like 45.00",
            ),
        }

    def clean(self):
        data = super().clean()
        n, kind = self.number, data.get("kind")
        if not kind:
            self.add_error("kind", f"Choose the kind of remedy {n}")
        elif not data.get("description"):
            self.add_error("description", f"Describe remedy {n}")
        if kind == Remedy.Kind.FINANCIAL and not data.get("amount") and "amount" in data:
            self.add_error("amount", f"Enter the amount of financial redress for remedy {n}")
        return data

    def value(self):
        from .responses import RemedyInput

        data = self.cleaned_data
        return RemedyInput(
            kind=data["kind"], description=data["description"], amount=data.get("amount")
        )


class ActionForm(RowForm):
    description = forms.CharField(required=False)
    owner = UserChoiceField(queryset=None, required=False, empty_label="Choose an owner")
    due = DateField(required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        n = self.number
        self.fields["description"].label = f"Outstanding action {n}"
        self.fields["owner"].queryset = officers_of(case)
        self.fields["owner"].label = f"Action {n}: owner"
        self.fields["due"].label = f"Action {n}: due"
        self.fields["due"].error_messages |= {
            "incomplete": f"Enter the full date action {n} will be done by",
            "invalid": f"Enter a real date for action {n}",
        }

    def clean(self):
        data = super().clean()
        n = self.number
        if not data.get("description"):
            self.add_error("description", f"Describe outstanding action {n}")
        if not data.get("owner") and "owner" in data:
            self.add_error("owner", f"Choose who will do action {n}")
        if not data.get("due") and "due" in data:
            self.add_error("due", f"Enter when action {n} will be done")
        return data

    def value(self):
        from .responses import ActionInput

        data = self.cleaned_data
        return ActionInput(
            description=data["description"], owner=data["owner"], due_date=data["due"]
        )


class RowFormSet(forms.BaseFormSet):
    """The rows of an "Add another" list. A row left blank is ignored wherever it is (so no
    row is ever an "initial" one), and an unbound set shows its `initial` rows and then
    `blank` empty ones."""

    def __init__(self, *args, blank: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = len(self.initial or ()) + blank

    def initial_form_count(self) -> int:
        return 0

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "number": "__num__" if index is None else index + 1,
        }

    def values(self) -> list:
        return [form.value() for form in self.forms if form.has_changed()]


MAX_ROWS = 30
RemedyFormSet = forms.formset_factory(
    RemedyForm, formset=RowFormSet, extra=0, max_num=MAX_ROWS, validate_max=True
)
ActionFormSet = forms.formset_factory(
    ActionForm, formset=RowFormSet, extra=0, max_num=MAX_ROWS, validate_max=True
)


def typed(form: forms.Form) -> dict:
    """What was typed into a bound form, field by field, without validating it."""
    return {name: form[name].data for name in form.fields}


class ResponseForms:
    """The response page: the response, its remedies and its outstanding actions, any number
    of each. "Add another" is a submit button (`add=remedies` / `add=actions`) that gives the
    page back with everything typed and one more empty row, and no error messages yet."""

    ADD = ("remedies", "actions")  # the values of the "Add another" buttons

    def __init__(self, *, case, data=None, initial=None, remedies=(), actions=(), add=""):
        self.case = case
        self.form = ResponseForm(data, initial=initial)
        self.remedies = RemedyFormSet(
            data,
            prefix="remedies",
            initial=list(remedies),
            blank=int(add == "remedies" or not remedies),
            error_messages={"too_many_forms": f"Record at most {MAX_ROWS} remedies"},
        )
        self.actions = ActionFormSet(
            data,
            prefix="actions",
            initial=list(actions),
            blank=int(add == "actions" or not actions),
            form_kwargs={"case": case},
            error_messages={"too_many_forms": f"Record at most {MAX_ROWS} outstanding actions"},
        )

    @classmethod
    def for_stage(cls, case_stage, *, case):
        remedies = [
            {"kind": r.kind, "description": r.description, "amount": r.amount}
            for r in case_stage.remedies.all()
        ]
        actions = [
            {"description": a.description, "owner": a.owner_id, "due": a.due_date}
            for a in case_stage.actions.filter(completed_at__isnull=True)
        ]
        initial = {name: getattr(case_stage, name) for name in ResponseForm.base_fields}
        return cls(case=case, initial=initial, remedies=remedies, actions=actions)

    def with_another(self, which: str) -> "ResponseForms":
        """The same page unbound, holding what was typed, with one more empty row of `which`."""
        return ResponseForms(
            case=self.case,
            initial=typed(self.form),
            remedies=[typed(f) for f in self.remedies.forms],
            actions=[typed(f) for f in self.actions.forms],
            add=which,
        )

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.remedies.is_valid(), self.actions.is_valid()])

    # What templates/escalation/_error_summary.html reads of a form, over the whole page.
    @property
    def errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def non_field_errors(self) -> list:
        rows = [*self.remedies.forms, *self.actions.forms]
        return [
            *self.form.non_field_errors(),
            *(error for row in rows for error in row.non_field_errors()),
            *self.remedies.non_form_errors(),
            *self.actions.non_form_errors(),
        ]

    def __iter__(self):
        """Every field of the page, in page order."""
        for form in (self.form, *self.remedies.forms, *self.actions.forms):
            yield from form


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
        fields = StagePolicy.RULE_FIELDS
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


class PaymentForm(forms.Form):
    """The payment of a financial redress (escalation.responses.remedy_payment_record)."""

    amount_paid = forms.DecimalField(
        label="Amount paid, in pounds",
        help_text="What was actually paid; it may differ from the offer.",
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        error_messages={
            "required": "Enter the amount paid, in pounds",
            "invalid": "Enter the amount paid as a number, like 50 or 49.99",
            "min_value": "The amount paid must be more than £0",
            "max_decimal_places": "Enter the amount in pounds and pence, like 49.99",
        },
    )
    paid_on = DateField(
        label="Date paid",
        help_text="For example, 27 1 2027",
        error_messages={"required": "Enter the date the payment was made"},
    )
    approved_by = UserChoiceField(
        queryset=None,
        label="Approved by",
        empty_label="Choose who approved the payment",
        error_messages={"required": "Choose who approved the payment"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = officers_of(case)

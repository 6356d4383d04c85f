"""Who acts for the customer on a case (a relative, an advocate, a councillor, an MP or MS),
recorded or changed on the case page: one service, one timeline entry."""

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import MEMBER_KINDS, Case, CaseEvent, RepresentativeKind
from .services import event_record


@dataclass(frozen=True)
class Representative:
    kind: str = ""
    name: str = ""
    relationship: str = ""
    area: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    consent_on: date | None = None


def representative_of(case: Case) -> Representative:
    return Representative(**{field: getattr(case, f"representative_{field}") for field in FIELDS})


FIELDS = tuple(Representative.__dataclass_fields__)


@transaction.atomic
def case_representative_set(
    *,
    case: Case,
    representative: Representative,
    actor: AbstractBaseUser,
    now: datetime | None = None,
) -> Case:
    """Record who acts for the customer on this case (all empty: nobody now)."""
    for field in FIELDS:
        setattr(case, f"representative_{field}", getattr(representative, field))
    case.save(update_fields=[f"representative_{field}" for field in FIELDS] + ["updated_at"])
    if not representative.name:
        summary = "Representative removed: the customer acts for themselves"
    elif representative.kind in MEMBER_KINDS:
        summary = f"Member enquiry: {representative.name} acts for the customer"
    else:
        summary = f"Representative recorded: {representative.name}"
    event_record(
        case=case, kind=CaseEvent.Kind.REPRESENTATIVE, summary=summary[:255], actor=actor, at=now
    )
    return case


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Nobody: the customer acts for themselves"), *RepresentativeKind.choices],
        label="Who acts for the customer",
    )
    name = forms.CharField(required=False, max_length=200, label="Name")
    relationship = forms.CharField(required=False, max_length=120, label="Role or relationship")
    area = forms.CharField(required=False, max_length=120, label="Ward or constituency")
    email = forms.EmailField(
        required=False,
        label="Email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(required=False, max_length=40, label="Telephone number")
    address = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Postal address"
    )
    consent_on = forms.DateField(
        required=False,
        label="Date the customer consented",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", representative_of(case).__dict__)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and not data.get("name", "").strip():
            self.add_error("name", "Enter the name of the person acting for the customer")
        if not kind and data.get("name", "").strip():
            self.add_error("kind", "Select who the person acting for the customer is")
        if kind in MEMBER_KINDS and not data.get("consent_on"):
            self.add_error(
                "consent_on",
                "Enter the date the customer consented to the member acting for them",
            )
        return data

    def representative(self) -> Representative:
        data = self.cleaned_data
        if not data.get("kind"):
            return Representative()
        return Representative(
            **{
                field: (data.get(field) or None)
                if field == "consent_on"
                else (data.get(field) or "").strip()
                for field in FIELDS
            }
        )

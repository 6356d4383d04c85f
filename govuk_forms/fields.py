"""The GOV.UK date input: day, month and year boxes, one form field.

The boxes are named `<name>_day`, `<name>_month` and `<name>_year`; `govuk_forms/field.html`
draws them. Messages follow the GOV.UK pattern and name the date ("Enter the date received",
"The review date must be a real date"); `error_messages` (or a subclass's MESSAGES) may word
them otherwise, with `{name}` and, for "incomplete", `{missing}`.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input)."""

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        widgets = {
            "day": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
            "month": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-2"}),
            "year": forms.TextInput(attrs={**numeric, "class": "govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed in three boxes. `label_name` is how messages name it (default "date")."""

    widget = DateWidget
    MESSAGES = {
        "required": "Enter the {name}",
        "incomplete": "The {name} must include a {missing}",
        "invalid": "The {name} must be a real date",
    }

    def __init__(self, *, label_name: str = "date", **kwargs):
        self.label_name = label_name
        messages = {**self.MESSAGES, **kwargs.pop("error_messages", {})}
        messages["required"] = messages["required"].format(name=label_name)
        fields = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=fields, require_all_fields=False, error_messages=messages, **kwargs)

    def _say(self, code: str, **words) -> str:
        return self.error_messages[code].format(name=self.label_name, **words)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(
                self._say("incomplete", missing=" and ".join(missing)), code="incomplete"
            )
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self._say("invalid"), code="invalid") from None

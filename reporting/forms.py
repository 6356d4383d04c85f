from datetime import date

from django import forms


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

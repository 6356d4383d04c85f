from django import forms

from .models import Score

SATISFACTION = [
    (Score.BEST, "Very satisfied"),
    (Score.GOOD, "Fairly satisfied"),
    (Score.NEITHER, "Neither satisfied nor dissatisfied"),
    (Score.POOR, "Fairly dissatisfied"),
    (Score.WORST, "Very dissatisfied"),
    (Score.PREFER_NOT, "Prefer not to say"),
]
EASE = [
    (Score.BEST, "Very easy"),
    (Score.GOOD, "Fairly easy"),
    (Score.NEITHER, "Neither easy nor difficult"),
    (Score.POOR, "Fairly difficult"),
    (Score.WORST, "Very difficult"),
    (Score.PREFER_NOT, "Prefer not to say"),
]
QUESTIONS = {
    "outcome": ("How satisfied are you with the outcome?", SATISFACTION, "the outcome"),
    "handling": (
        "How satisfied are you with how we handled it?",
        SATISFACTION,
        "how we handled it",
    ),
    "ease_of_contact": ("How easy was it to contact us?", EASE, "how easy it was to contact us"),
    "time_taken": (
        "How satisfied are you with the time it took?",
        SATISFACTION,
        "the time it took",
    ),
}


def _question(name: str) -> forms.TypedChoiceField:
    label, choices, about = QUESTIONS[name]
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select an answer about {about}, or prefer not to say"},
    )


class SurveyForm(forms.Form):
    outcome = _question("outcome")
    handling = _question("handling")
    ease_of_contact = _question("ease_of_contact")
    time_taken = _question("time_taken")
    comment = forms.CharField(
        label="Is there anything else you would like to tell us? (optional)",
        help_text="Do not include personal details such as your address or phone number.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=2000,
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )

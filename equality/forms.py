from django import forms
from django.utils.translation import gettext as _

from .characteristics import CHARACTERISTICS


class EqualityForm(forms.Form):
    """The nine questions; each needs an answer, and "Prefer not to say" is one. The whole
    questionnaire is optional: the page offers a way out without answering."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for characteristic in CHARACTERISTICS:
            self.fields[characteristic.field] = forms.ChoiceField(
                label=characteristic.question,
                help_text=characteristic.hint,
                choices=characteristic.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _('Select an answer about %(name)s, or "Prefer not to say"')
                    % {"name": str(characteristic.name).lower()},
                    "invalid_choice": _(
                        'Select one of the answers about %(name)s, or "Prefer not to say"'
                    )
                    % {"name": str(characteristic.name).lower()},
                },
            )

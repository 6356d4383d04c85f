"""The officer list's filter form copies its fields for each request as Django's deepcopy does
(feedback.filters.FormFieldsCopied), a menu's list of pairs one level deep: each form gets
fields, widgets and menus of its own, with the same choices."""

import copy

import pytest

from feedback.filters import CaseFilter, FormFieldsCopied
from feedback.selectors import case_list_page_for_user, case_list_reference, organisation_current

pytestmark = pytest.mark.django_db


def _filter(rf, user, data):
    request = rf.get("/", data)
    request.user = user
    reference = case_list_reference(organisation_current())
    return CaseFilter(
        request.GET,
        queryset=case_list_page_for_user(user),
        request=request,
        choices=CaseFilter.choices_from(request=request, reference=reference, today=None),
    )


def test_the_fields_are_copied_as_deepcopy_copies_them(rf, complaints_officer):
    base_fields = _filter(rf, complaints_officer, {}).get_form_class().base_fields
    assert isinstance(base_fields, FormFieldsCopied)
    light = copy.deepcopy(base_fields)
    deep = {name: copy.deepcopy(field) for name, field in base_fields.items()}
    assert light.keys() == deep.keys() == base_fields.keys()
    menus = 0
    for name, field in light.items():
        original = base_fields[name]
        assert type(field) is type(deep[name])
        assert field is not original
        assert field.widget is not original.widget
        assert field.widget.attrs == original.widget.attrs
        assert field.widget.attrs is not original.widget.attrs
        assert field.validators == original.validators
        assert field.validators is not original.validators
        assert field.error_messages == original.error_messages
        assert field.error_messages is not original.error_messages
        if hasattr(original, "_choices") and hasattr(original._choices, "field"):
            menus += 1
            # A menu of its own, of the same pairs, printed the same.
            assert field._choices is not original._choices
            assert field._choices.field is field
            assert field._choices.choices is not original._choices.choices
            assert list(field.choices) == list(deep[name].choices) == list(original.choices)
            assert list(field.widget.choices) == list(deep[name].widget.choices)
    assert menus >= 4  # the work queue, the kind, the status, the sort (and "assigned to")


def test_a_forms_menu_changed_stays_in_that_form(rf, complaints_officer):
    first = _filter(rf, complaints_officer, {"state": "open"}).form
    first.fields["state"]._choices.choices.append(("gone", "Gone"))
    first.fields["state"].widget.attrs["class"] = "changed"
    second = _filter(rf, complaints_officer, {"state": "open"}).form
    assert ("gone", "Gone") not in list(second.fields["state"].choices)
    assert "class" not in second.fields["state"].widget.attrs
    assert second.is_valid()
    assert second.cleaned_data["state"] == "open"

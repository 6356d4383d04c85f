"""Merge fields: only the documented set; anything else is refused when the template is saved."""

import pytest

from letters import services
from letters.defaults import DEFAULT_WORDING, letters_defaults_load
from letters.merge_fields import FIELD_NAMES, MergeError, merge_render, template_errors
from letters.models import LetterKind, LetterTemplate


def test_known_fields_pass():
    assert template_errors("Dear {{ customer.salutation }}, about {{ case.reference }}.") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{{ case.refernce }}", "Did you mean {{ case.reference }}?"),
        ("{{ customer }}", "not a merge field we know"),
        ("{{ case.customer.email }}", "not a merge field we know"),
        ("{{ settings.SECRET_KEY }}", "not a merge field we know"),
        ("{{ case.reference|upper }}", "filters"),
        ("{% if case.reference %}x{% endif %}", "is not allowed"),
        ("{% include 'base.html' %}", "is not allowed"),
        ("{% load static %}", "cannot be read"),
        ("{{ 'literal' }}", "not a merge field"),
        ("{{ case.reference ", ""),  # unclosed: plain text, no merge field at all
    ],
)
def test_anything_outside_the_allowed_set_is_an_error(text, says):
    errors = template_errors(text)
    if says:
        assert errors
        assert says in " ".join(errors)
    else:
        assert errors == []


def test_rendering_fills_only_supplied_values():
    values = {name.split(".")[0]: {} for name in FIELD_NAMES}
    for name in FIELD_NAMES:
        group, field = name.split(".")
        values[group][field] = f"<{field}>"
    assert merge_render("Ref {{ case.reference }} & co", values) == "Ref <reference> & co"
    with pytest.raises(MergeError):
        merge_render("{{ case.nope }}", values)


def test_a_template_with_an_unknown_merge_field_cannot_be_saved(organisation, complaints_manager):
    before = LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).count()
    with pytest.raises(MergeError) as raised:
        services.letter_template_save(
            organisation=organisation,
            kind=LetterKind.ACKNOWLEDGEMENT,
            subject="Hello",
            body="Dear {{ customer.salutation }}, your ref is {{ case.refernce }}.",
            user=complaints_manager,
        )
    assert "case.refernce" in str(raised.value)
    assert LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).count() == before


def test_saving_makes_a_new_version_and_keeps_the_old(organisation, complaints_manager):
    kind = LetterKind.COMMENT_ACKNOWLEDGEMENT
    v1 = LetterTemplate.objects.get(organisation=organisation, kind=kind, is_current=True)
    v2 = services.letter_template_save(
        organisation=organisation,
        kind=kind,
        subject="Thanks",
        body="Thank you.",
        user=complaints_manager,
    )
    assert v2.version == v1.version + 1
    v1.refresh_from_db()
    assert not v1.is_current
    assert v2.is_current
    assert v1.body == DEFAULT_WORDING[kind][1]
    same = services.letter_template_save(
        organisation=organisation,
        kind=kind,
        subject="Thanks",
        body="Thank you.",
        user=complaints_manager,
    )
    assert same.pk == v2.pk


def test_every_kind_has_default_wording_loaded_once(organisation):
    assert set(DEFAULT_WORDING) == set(LetterKind)
    for subject, body in DEFAULT_WORDING.values():
        assert template_errors(subject) == []
        assert template_errors(body) == []
    assert LetterTemplate.objects.filter(organisation=organisation).count() == len(LetterKind)
    assert letters_defaults_load(organisation=organisation) == 0

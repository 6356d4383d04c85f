"""The one GOV.UK field include (govuk_forms/field.html) that every app's forms use:
each kind of widget is drawn as its GOV.UK component, typed text survives an error, and the
error summary links to the first input."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from escalation.forms import DateField as EscalationDateField
from feedback.forms_officer import GovukDateField
from govuk_forms.templatetags.govuk_fields import field_anchor
from reporting.forms import RangeForm


def _draw(field) -> BeautifulSoup:
    template = engines["django"].from_string('{% include "govuk_forms/field.html" %}')
    return BeautifulSoup(template.render({"field": field}), "html.parser")


class Dates(forms.Form):
    received_on = GovukDateField(label="Date received", label_name="date received")
    due = EscalationDateField(label="New deadline")
    native = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)


def _boxes(soup, prefix) -> list[str]:
    return [soup.find(id=f"{prefix}_{part}")["value"] for part in ("day", "month", "year")]


def test_each_apps_date_widget_is_three_boxes_showing_the_date_it_was_given():
    form = Dates(initial={"received_on": date(2026, 3, 9), "due": date(2027, 1, 27)})
    for name, expected in (("received_on", ["9", "3", "2026"]), ("due", ["27", "1", "2027"])):
        soup = _draw(form[name])
        assert soup.find("fieldset")["role"] == "group"
        assert _boxes(soup, f"id_{name}") == expected
        assert soup.find(attrs={"name": f"{name}_year"}) is not None
        assert field_anchor(form[name]) == f"id_{name}_day"


def test_the_text_typed_in_a_date_comes_back_with_its_error():
    form = Dates({"received_on_day": "31", "received_on_month": "2", "received_on_year": "2026"})
    assert not form.is_valid()
    soup = _draw(form["received_on"])
    assert _boxes(soup, "id_received_on") == ["31", "2", "2026"]
    assert "must be a real date" in soup.find(id="id_received_on-error").text
    assert soup.find("fieldset")["aria-describedby"] == "id_received_on-error"
    assert "govuk-input--error" in soup.find(id="id_received_on_day")["class"]


def test_a_browser_date_picker_stays_one_input_with_an_iso_value():
    soup = _draw(Dates(initial={"native": date(2026, 3, 9)})["native"])
    box = soup.find("input")
    assert (box["type"], box["value"]) == ("date", "2026-03-09")


class Choices(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("upheld", "Upheld"), ("not_upheld", "Not upheld")],
        widget=forms.RadioSelect,
        help_text="As the response letter says",
    )
    confirm = forms.BooleanField(label="I am sure")
    amount = forms.DecimalField(required=False)


def test_radios_are_numbered_from_zero_and_the_error_links_to_the_first():
    form = Choices({})
    form.is_valid()
    soup = _draw(form["outcome"])
    assert [radio["id"] for radio in soup.find_all("input")] == ["id_outcome_0", "id_outcome_1"]
    assert [label["for"] for label in soup.find_all("label")] == ["id_outcome_0", "id_outcome_1"]
    fieldset = soup.find("fieldset")
    assert not fieldset.has_attr("role")  # a role="group" is for date inputs only
    assert fieldset["aria-describedby"] == "id_outcome-hint id_outcome-error"
    assert field_anchor(form["outcome"]) == "id_outcome_0"


def test_a_checkbox_shows_its_error():
    form = Choices({})
    form.is_valid()
    soup = _draw(form["confirm"])
    assert soup.find(id="id_confirm-error") is not None
    assert soup.find("input")["aria-describedby"] == "id_confirm-error"


def test_a_number_is_a_narrow_text_input_with_a_numeric_keyboard():
    box = _draw(Choices()["amount"]).find("input")
    assert box["type"] == "text"
    assert box["inputmode"] == "numeric"
    assert "govuk-input--width-5" in box["class"]


def _period(data) -> BeautifulSoup:
    form = RangeForm(data)
    form.is_valid()
    template = engines["django"].from_string(
        '{% load govuk_fields %}{% date_boxes form "start" "Start date" "For example, 1 4 2025"'
        ' as start %}{% include "govuk_forms/field.html" with field=start %}'
    )
    return BeautifulSoup(template.render({"form": form}), "html.parser")


def test_a_date_asked_as_three_fields_is_drawn_as_one_date_input():
    soup = _period(
        {"start_day": "31", "start_month": "2", "start_year": "2025"}
        | {"end_day": "1", "end_month": "3", "end_year": "2025"}
    )
    assert soup.find("legend").text == "Start date"
    assert _boxes(soup, "id_start") == ["31", "2", "2025"]
    assert [box["name"] for box in soup.find_all("input")] == [
        "start_day",
        "start_month",
        "start_year",
    ]
    assert "Enter a real start date" in soup.find(id="id_start-error").text


def test_a_date_asked_as_three_fields_starts_empty():
    soup = _period(None)
    assert _boxes(soup, "id_start") == ["", "", ""]
    assert soup.find(id="id_start-error") is None


def _summary(context) -> BeautifulSoup:
    template = engines["django"].from_string('{% include "govuk_forms/error_summary.html" %}')
    return BeautifulSoup(template.render(context), "html.parser")


def test_the_one_error_summary_links_each_error_to_its_first_input():
    dates = Dates({"received_on_day": "31", "received_on_month": "2", "received_on_year": "2026"})
    choices = Choices({}, prefix="step")
    assert not dates.is_valid()
    assert not choices.is_valid()
    soup = _summary({"forms": [dates, choices], "problem": "Nothing was saved"})
    links = [(a["href"], a.text) for a in soup.select(".govuk-error-summary__list a")]
    assert links[0] == ("#id_received_on_day", "The date received must be a real date")
    assert ("#id_step-outcome_0", "This field is required.") in links
    assert soup.select_one(".govuk-error-summary__list li").text == "Nothing was saved"
    assert not _summary({"form": Dates()}).select(".govuk-error-summary")  # not sent: no errors


def test_each_date_field_words_its_errors_in_one_place():
    class Worded(forms.Form):
        kit = GovukDateField(label_name="date received")
        escalation = EscalationDateField(required=False)

    form = Worded({"kit_day": "1", "escalation_day": "1", "escalation_year": "2026"})
    assert not form.is_valid()
    assert form.errors["kit"] == ["The date received must include a month and year"]
    assert form.errors["escalation"] == ["Enter a full date"]
    assert Worded({})["kit"].errors == ["Enter the date received"]


class Menus(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "Apples <& pears>"), ("b", "Bins")])
    grouped = forms.ChoiceField(
        choices=[("", "Any"), ("Fruit", [("a", "Apples"), ("b", "Bananas")]), ("c", "Carrots")]
    )
    numbers = forms.TypedChoiceField(choices=[(None, "None"), (1, "One"), (2, "Two")], coerce=int)
    twice = forms.ChoiceField(choices=[("x", "First x"), ("x", "Second x"), ("y", "Y")])
    lazy = forms.ChoiceField(choices=[("l", gettext_lazy("Lazy & late"))])


def _as_django_draws_them(field) -> list[tuple[str, bool, str]]:
    return [
        (
            "" if o.data["value"] is None else str(o.data["value"]),
            o.data["selected"],
            o.choice_label,
        )
        for o in field
    ]


def _as_drawn(field) -> list[tuple[str, bool, str]]:
    return [
        (option["value"], option.has_attr("selected"), option.get_text())
        for option in _draw(field).find_all("option")
    ]


def test_a_menus_options_are_those_djangos_select_would_draw():
    for form in (
        Menus(),
        Menus(initial={"plain": "a", "grouped": "b", "numbers": 2, "twice": "x"}),
        Menus({"plain": "b", "grouped": "c", "numbers": "1", "twice": "x"}),
        Menus({"plain": "not a choice", "grouped": "", "numbers": "9"}),
    ):
        for name in form.fields:
            assert _as_drawn(form[name]) == _as_django_draws_them(form[name]), (name, form.data)
    drawn = _draw(Menus()["plain"])
    assert "Apples &lt;&amp; pears&gt;" in str(drawn)
    assert "Lazy &amp; late" in str(_draw(Menus()["lazy"]))

    class Marked(forms.Form):
        safe = forms.ChoiceField(choices=[("s", mark_safe("<em>Safe</em>"))])  # noqa: S308

    # A label already marked safe is printed as it is, as Django's Select prints it.
    assert _draw(Marked()["safe"]).find("option").find("em").get_text() == "Safe"
    assert _as_drawn(Menus({"twice": "x"})["twice"])[:2] == [
        ("x", True, "First x"),
        ("x", False, "Second x"),
    ]


@pytest.mark.django_db
def test_a_model_menu_marks_the_chosen_row(organisation):
    from feedback.models import ServiceArea

    class Pick(forms.Form):
        service = forms.ModelChoiceField(queryset=ServiceArea.objects.order_by("name"))

    housing = ServiceArea.objects.get(slug="housing")
    form = Pick({"service": str(housing.pk)})
    assert _as_drawn(form["service"]) == _as_django_draws_them(form["service"])
    assert [label for _, chosen, label in _as_drawn(form["service"]) if chosen] == ["Housing"]

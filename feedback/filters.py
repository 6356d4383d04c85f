"""The officer case list's filters. Each one narrows on an indexed column of Case (see its
Meta.indexes); the free-text search is feedback.search (full text on PostgreSQL)."""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django_filters.fields import ChoiceIterator

from feedback.states import CLOSED_STATES, OPEN_STATES, CaseState

from . import clock
from .models import Case, Category, Channel, FeedbackKind, ServiceArea
from .queues import CASE_QUEUES, CASE_QUEUES_BY_KEY
from .search import cases_search, searched_words
from .selectors import (
    CaseListReference,
    due_soon_until,
    officers_all,
    organisation_for_request,
    services_visible_to,
)

# The two groups need values no state has: "closed" is a state of its own.
ANY_OPEN = "open"
ANY_CLOSED = "any_closed"
STATE_CHOICES = [
    (ANY_OPEN, "Any open"),
    (ANY_CLOSED, "Any closed"),
    *CaseState.choices,
]


@dataclass
class CaseFilterChoices:
    """What every CaseFilter of one request reads from the database, read once: the saved
    views' counts build one filter per view and must not query again for each (their cost is
    fixed, whatever the number of views)."""

    organisation: object
    assigned: list
    today: date
    known: dict[str, dict[str, object]] = field(default_factory=dict)

    @cached_property
    def due_soon_until(self) -> date:
        # Only a queue filter needs it, and it may read the calendar: read when first asked.
        return due_soon_until(today=self.today, organisation=self.organisation)


class KnownModelChoiceField(forms.ModelChoiceField):
    """Validates against the objects read once (CaseFilterChoices.known) when given them."""

    known: dict[str, object] | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.known[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class KnownModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KnownModelChoiceField


MODEL_CHOICE_FILTERS = ("service", "category", "channel")


def _start_of(day) -> datetime:
    # Compare received_at with aware datetimes, not `received_at__date`: a function of the
    # column would not use its index.
    return timezone.make_aware(datetime.combine(day, time.min))


class FiltersCopiedShallow(dict):
    """A FilterSet's `base_filters` whose per-instance copy is shallow. django-filter deep-copies
    every filter, with its widget, choices and queryset, for each FilterSet it makes: half a
    millisecond of the list page, more with each saved view. An instance only rebinds a
    filter's attributes (its queryset, its parent) and its `extra` (the choices), so each copy
    gets its own `extra`, its own method binding and no field built before."""

    def __deepcopy__(self, memo) -> dict:
        copies = {}
        for name, original in self.items():
            each = copy.copy(original)
            each.extra = dict(original.extra)
            each.__dict__.pop("_field", None)
            if original.method is not None:
                # A filter by method calls it through an object bound to its own filter (and
                # so to its FilterSet): the copy binds its own.
                each.method = original.method
            copies[name] = each
        return copies


# What a menu's value or label may be for its choices to be copied one level deep.
_IMMUTABLE_CHOICE_PARTS = (str, int, bool, type(None), Promise)


def _flat_choices(choices) -> bool:
    return isinstance(choices, list) and all(
        type(choice) is tuple
        and len(choice) == 2
        and isinstance(choice[0], _IMMUTABLE_CHOICE_PARTS)
        and isinstance(choice[1], _IMMUTABLE_CHOICE_PARTS)
        for choice in choices
    )


class FormFieldsCopied(dict):
    """The filter form's `base_fields`, copied for each form as `deepcopy` copies them, but for a
    menu of (value, label) pairs of strings, numbers or lazy translations (django-filter's
    `ChoiceIterator` over a list), whose list is copied one level: a new list of the same
    immutable pairs is what `deepcopy` gives, without walking every pair of every menu (the
    menus' deep copies were about a quarter of the filter's time on the list page). Anything
    else is deep-copied as before."""

    def __deepcopy__(self, memo) -> dict:
        copies = {}
        for name, original in self.items():
            menu = getattr(original, "_choices", None)
            if (
                type(menu) is ChoiceIterator
                and menu.__dict__.keys() == {"field", "choices"}
                and menu.field is original
                and _flat_choices(menu.choices)
            ):
                # Field.__deepcopy__: the field, its widget (whose choices Django copies
                # shallow), its error messages and validators; then the menu, as deepcopy
                # would: a new iterator of the new field over a new list.
                each = forms.Field.__deepcopy__(original, memo)
                each._choices = copy.copy(menu)
                each._choices.field = each
                each._choices.choices = list(menu.choices)
            else:
                each = copy.deepcopy(original, memo)
            copies[name] = each
        return copies


@dataclass(frozen=True)
class FilterShape:
    """What a compiled read of a filter's cases needs (`dbreads.shaped.Shaped`): `key`, all that
    the SQL depends on but `values`, the values sent as its parameters; `stand_ins`, two sets of
    values no request gives, of the same shape; `build(*values)`, the filtered cases."""

    key: tuple
    values: tuple
    stand_ins: tuple[tuple, tuple]
    build: Callable[..., QuerySet]


# The filters whose values a compiled read sends as parameters, as the ORM sends them (a
# service's id, a date, a keyword's words); every other filter's value (a fixed choice, the
# sort, a received date that becomes the start of a day in the council's time zone) is part
# of the shape's key. For each: its value for the filter from a parameter and the form's
# value, and the k-th stand-in for a parameter.
_SHAPE_PARAMETERS: dict[str, tuple[Callable, Callable]] = {
    **{
        name: (
            lambda parameter, given: type(given)(pk=parameter),
            lambda k, parameter: -424_242 - k,
        )
        for name in MODEL_CHOICE_FILTERS
    },
    **{
        name: (
            lambda parameter, given: parameter,
            lambda k, parameter: date(1900, 1, 1) + timedelta(k),
        )
        for name in ("respond_from", "respond_to")
    },
    # As many words, with a LIKE pattern's special characters: a pattern is told from the words.
    "q": (
        lambda parameter, given: parameter,
        lambda k, parameter: " ".join(f"zq{k}w{n}_%" for n in range(len(parameter.split()))),
    ),
}


def _shape_parameter(name: str, value) -> object:
    """The parameter a filter's cleaned value is sent as, or None when it is part of the key."""
    if value is None or name not in _SHAPE_PARAMETERS:
        return None
    if name in MODEL_CHOICE_FILTERS:
        return value.pk
    if name == "q":
        return searched_words(value)
    return value


class CaseSort(django_filters.OrderingFilter):
    def filter(self, qs: QuerySet, value):
        ordered = super().filter(qs, value)
        # A unique tie-breaker keeps pages stable when many cases share a date.
        return ordered.order_by(*ordered.query.order_by, "-pk") if value else ordered


class CaseFilter(django_filters.FilterSet):
    queue = django_filters.ChoiceFilter(
        choices=[(queue.key, queue.title) for queue in CASE_QUEUES],
        method="filter_queue",
        label="Work queue",
        empty_label="Any",
    )
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        help_text="Reference, name, summary, description, notes or letters",
    )
    kind = django_filters.ChoiceFilter(choices=FeedbackKind.choices, empty_label="Any")
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", label="Status", empty_label="Any"
    )
    service = KnownModelChoiceFilter(queryset=None, empty_label="Any")
    category = KnownModelChoiceFilter(queryset=Category.objects.none(), empty_label="Any")
    channel = KnownModelChoiceFilter(queryset=Channel.objects.none(), empty_label="Any")
    assigned = django_filters.ChoiceFilter(
        choices=[], method="filter_assigned", label="Assigned to", empty_label="Anyone"
    )
    received_from = django_filters.DateFilter(
        method="filter_received_from",
        label="Received from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_filters.DateFilter(
        method="filter_received_to",
        label="Received to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    respond_from = django_filters.DateFilter(
        field_name="respond_by",
        lookup_expr="gte",
        label="Response due from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    respond_to = django_filters.DateFilter(
        field_name="respond_by",
        lookup_expr="lte",
        label="Response due by",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    sort = CaseSort(
        fields=(
            ("received_at", "received"),
            ("reference", "reference"),
            ("respond_by", "respond_by"),
        ),
        field_labels={
            "received_at": "Received",
            "reference": "Reference",
            "respond_by": "Respond by",
        },
        label="Sort by",
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        request,
        today=None,
        officers=None,
        choices: CaseFilterChoices | None = None,
        **kwargs,
    ):
        super().__init__(data, queryset, request=request, **kwargs)
        # "Overdue" is as of the day the caller read from the clock (the API reads it here).
        self.today = today or clock.today()
        self.choices = choices
        user = request.user
        if choices and choices.known:
            # Validated against and drawn from the objects already read (the form property).
            self.filters["service"].queryset = ServiceArea.objects.none()
            self.filters["category"].queryset = Category.objects.none()
            self.filters["channel"].queryset = Channel.objects.none()
        else:
            organisation = choices.organisation if choices else organisation_for_request(request)
            self.filters["service"].queryset = services_visible_to(user).order_by(
                "position", "name"
            )
            self.filters["category"].queryset = Category.objects.filter(organisation=organisation)
            self.filters["channel"].queryset = Channel.objects.filter(organisation=organisation)
        self.filters["assigned"].extra["choices"] = (
            choices.assigned
            if choices
            else [
                ("me", "Me"),
                ("none", "Nobody"),
                *(
                    (str(u.pk), u.get_full_name() or u.get_username())
                    for u in (
                        officers
                        if officers is not None
                        else officers_all(organisation=organisation)
                    )
                ),
            ]
        )

    def get_form_class(self):
        if not (self.choices and self.choices.known):
            return super().get_form_class()
        # Given the choices, every form's fields are the same but for the menus `form` fills
        # in: the class (fifteen fields built, then a metaclass) is made once per process.
        cls = type(self)
        if "_form_class_for_known" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = FormFieldsCopied(form_class.base_fields)
            cls._form_class_for_known = form_class
        return cls._form_class_for_known

    @property
    def form(self):
        form = super().form
        if self.choices and self.choices.known and not getattr(form, "known_set", False):
            form.fields["assigned"].choices = self.choices.assigned
            for name in MODEL_CHOICE_FILTERS:
                field = form.fields[name]
                field.known = self.choices.known[name]
                # The menu from the same objects: rendering it reads nothing either.
                field.choices = [
                    ("", field.empty_label),
                    *((pk, field.label_from_instance(o)) for pk, o in field.known.items()),
                ]
            form.known_set = True
        return form

    def choices_read(self) -> CaseFilterChoices:
        """This filter's choices, read now, for other filters of the same request to reuse."""
        if self.choices:
            return self.choices
        return CaseFilterChoices(
            organisation=organisation_for_request(self.request),
            assigned=self.filters["assigned"].extra["choices"],
            today=self.today,
            known={
                name: {str(o.pk): o for o in self.filters[name].queryset}
                for name in MODEL_CHOICE_FILTERS
            },
        )

    @classmethod
    def choices_from(
        cls, *, request, reference: CaseListReference, today: date
    ) -> CaseFilterChoices:
        """The choices from the reference data the process keeps (`case_list_reference`),
        narrowed to the user: no query."""
        user = request.user
        return CaseFilterChoices(
            organisation=organisation_for_request(request),
            assigned=[
                ("me", "Me"),
                ("none", "Nobody"),
                *((str(u.pk), u.get_full_name() or u.get_username()) for u in reference.officers),
            ],
            today=today,
            known={
                "service": {str(o.pk): o for o in reference.services_for(user)},
                "category": {str(o.pk): o for o in reference.categories},
                "channel": {str(o.pk): o for o in reference.channels},
            },
        )

    def shape(self) -> FilterShape:
        """This filter's cases (`qs`) as a shape and values, for a read compiled once per shape:
        the same queryset as `qs` for the same values (for a keyword, its words: the same
        search). The key holds the user and the day, which the filters read."""
        cleaned = {}
        if self.is_bound:
            self.form.is_valid()  # as `qs`: the valid fields filter, an invalid one is left out
            cleaned = dict(self.form.cleaned_data)
        key: list = [self.request.user.pk, self.today]
        names, parameters, given = [], [], []
        for name, value in cleaned.items():
            parameter = _shape_parameter(name, value)
            if parameter is None:
                key.append((name, tuple(value) if isinstance(value, list) else value))
                continue
            key.append((name, len(str(parameter).split()) if name == "q" else "parameter"))
            names.append(name)
            parameters.append(parameter)
            given.append(value)
        if cleaned.get("queue"):
            key.append(self.choices.due_soon_until if self.choices else None)
        stand_ins = tuple(
            tuple(
                _SHAPE_PARAMETERS[name][1](offset + k, parameter)
                for k, (name, parameter) in enumerate(zip(names, parameters, strict=True))
            )
            for offset in (0, 400)
        )

        def build(*values) -> QuerySet:
            data = dict(cleaned)
            for name, value, form_value in zip(names, values, given, strict=True):
                data[name] = _SHAPE_PARAMETERS[name][0](value, form_value)
            queryset = self.queryset.all()
            for name, value in data.items():
                queryset = self.filters[name].filter(queryset, value)
            return queryset

        return FilterShape(tuple(key), tuple(parameters), stand_ins, build)

    @property
    def searched(self) -> bool:
        """Whether the cases are a keyword's matches (after `qs`: the form is validated)."""
        return bool(self.is_bound and self.form.cleaned_data.get("q"))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return cases_search(queryset, value)

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ANY_OPEN:
            return queryset.filter(state__in=OPEN_STATES)
        if value == ANY_CLOSED:
            return queryset.filter(state__in=CLOSED_STATES)
        return queryset.filter(state=value)

    def filter_assigned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "me":
            return queryset.filter(assigned_to=self.request.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to_id=value)

    def filter_received_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(received_at__gte=_start_of(value))

    def filter_received_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(received_at__lt=_start_of(value + timedelta(days=1)))

    def filter_queue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The dashboard's own condition, so its count and this list always agree.
        queue = CASE_QUEUES_BY_KEY[value]
        until = self.choices.due_soon_until if self.choices else due_soon_until(today=self.today)
        return queryset.filter(queue.condition(self.request.user, self.today, until))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.overdue(self.today)


CaseFilter.base_filters = FiltersCopiedShallow(CaseFilter.base_filters)

"""The Ombudsman case list's filters. Each filters on an indexed column (see the model's
indexes); "overdue" reads `next_due`, the deadline now running, copied there by the services."""

import django_filters
from django import forms

from feedback.models import ServiceArea

from .models import Decision, OmbudsmanBody, OmbudsmanCase, OmbudsmanState


class OmbudsmanCaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Stage", choices=OmbudsmanState.choices, empty_label="Any stage"
    )
    decision = django_filters.ChoiceFilter(
        label="Decision", choices=Decision.choices, empty_label="Any decision"
    )
    body = django_filters.ModelChoiceFilter(
        label="Ombudsman", queryset=OmbudsmanBody.objects.none(), empty_label="Any Ombudsman"
    )
    service = django_filters.ModelChoiceFilter(
        label="Service", queryset=ServiceArea.objects.none(), empty_label="Any service"
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = OmbudsmanCase
        fields = ["state", "decision", "body", "service", "overdue"]

    def __init__(self, *args, organisation, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["body"].queryset = OmbudsmanBody.objects.filter(organisation=organisation)
        self.filters["service"].queryset = ServiceArea.objects.filter(organisation=organisation)
        for name in ("state", "decision", "body", "service"):
            self.form.fields[name].widget.attrs["class"] = "govuk-select"

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.overdue(self.today)

"""FilterSets of meetings and of the decision log: shared by the pages, the portal, CSV and the API."""

import django_filters

from core.filters import SearchFilterSet
from governance.models import Decision, Meeting, MeetingKind
from vendors.filters import vendor_choices


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("series__title", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    kind = django_filters.ChoiceFilter(field_name="series__kind", choices=MeetingKind.choices)
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["q", "vendor", "kind", "status"]


class DecisionFilterSet(SearchFilterSet):
    search_fields = ("text", "meeting__series__title")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = Decision
        fields = ["q", "vendor"]

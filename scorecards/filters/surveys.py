"""The staff surveys' one FilterSet: the hospital list, the portal and the CSV export; and the
survey templates'."""

import django_filters

from core.filters import SearchFilterSet
from scorecards.models import PeriodKind, Survey, SurveyTemplate
from vendors.filters import vendor_choices


class SurveyFilterSet(SearchFilterSet):
    search_fields = ("vendor__name", "template__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    state = django_filters.ChoiceFilter(choices=Survey.State.choices)
    period_kind = django_filters.ChoiceFilter(label="Period", choices=PeriodKind.choices)

    class Meta:
        model = Survey
        fields = ["q", "vendor", "state", "period_kind"]


class SurveyTemplateFilterSet(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = SurveyTemplate
        fields = ["q"]

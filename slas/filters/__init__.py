import django_filters

from core.filters import SearchFilterSet
from slas.models import Agreement, BusinessCalendar
from vendors.filters import vendor_choices


class CalendarFilterSet(SearchFilterSet):
    search_fields = ("name", "timezone", "description")

    class Meta:
        model = BusinessCalendar
        fields = ["q", "timezone", "always_open"]


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("name", "contract__reference", "contract__vendor__name")

    vendor = django_filters.ModelChoiceFilter(field_name="contract__vendor", queryset=vendor_choices())

    class Meta:
        model = Agreement
        fields = ["q", "vendor", "contract"]

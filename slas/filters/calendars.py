"""The business-calendar FilterSet: the hospital list and the API."""

from core.filters import SearchFilterSet
from slas.models import BusinessCalendar


class CalendarFilterSet(SearchFilterSet):
    search_fields = ("name", "timezone", "description")

    class Meta:
        model = BusinessCalendar
        fields = ["q", "timezone", "always_open"]

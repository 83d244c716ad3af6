"""The one maintenance-window FilterSet: the hospital list, the portal list, their CSV exports and
the API."""

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import DayFilter, SearchFilterSet
from core.forms import DateInput
from slas.models import MaintenanceWindow
from vendors.filters import vendor_choices

WHEN_CHOICES = (("upcoming", "Upcoming"), ("ongoing", "In progress"), ("past", "Past"))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())


class MaintenanceWindowFilterSet(SearchFilterSet):
    search_fields = ("title", "description")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    state = django_filters.MultipleChoiceFilter(choices=MaintenanceWindow.State.choices)
    when = django_filters.ChoiceFilter(choices=WHEN_CHOICES, method="filter_when", label="When")
    planned_from = DayFilter(method="filter_planned_from", label="Planned from", widget=DateInput())
    planned_until = DayFilter(method="filter_planned_until", label="Planned until", widget=DateInput())

    class Meta:
        model = MaintenanceWindow
        fields = ["q", "vendor", "state", "when", "planned_from", "planned_until"]

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """By the planned times: upcoming has not begun, in progress has begun and not ended."""
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(planned_start__gt=now)
        if value == "ongoing":
            return queryset.filter(planned_start__lte=now, planned_end__gt=now)
        if value == "past":
            return queryset.filter(planned_end__lte=now)
        return queryset

    def filter_planned_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Windows still planned to run on or after this day."""
        return queryset.filter(planned_end__gt=_local_midnight(value))

    def filter_planned_until(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Windows planned to begin on or before this day."""
        return queryset.filter(planned_start__lt=_local_midnight(value + datetime.timedelta(days=1)))

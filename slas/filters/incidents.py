"""The incident FilterSet: shared by the hospital list, the portal list, CSV exports and the API."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.filters import DayFilter, SearchFilterSet
from core.forms import DateInput
from slas.models import Impact, Incident, IncidentReview
from vendors.filters import vendor_choices


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class IncidentFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    impact = django_filters.ChoiceFilter(choices=Impact.choices)
    open = django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull", label="Ongoing")
    vendor_attributable = django_filters.ChoiceFilter(
        choices=Incident.Attributable.choices, label="Vendor attributable"
    )
    cause_category = django_filters.ChoiceFilter(choices=Incident.Cause.choices, label="Cause")
    review_status = django_filters.ChoiceFilter(
        field_name="review__status", choices=IncidentReview.Status.choices, label="Review"
    )
    started_from = DayFilter(method="filter_started_from", label="Started from", widget=DateInput())
    started_to = DayFilter(method="filter_started_to", label="Started until", widget=DateInput())

    class Meta:
        model = Incident
        fields = [
            "q",
            "vendor",
            "impact",
            "open",
            "vendor_attributable",
            "cause_category",
            "review_status",
            "started_from",
            "started_to",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word must appear in the title, summary, vendor or an affected component's name
        (the components are matched by a subquery, so an incident is listed once)."""
        through = Incident.components.through
        for term in value.split():
            component_named = Exists(
                through.objects.filter(incident_id=OuterRef("pk"), component__name__icontains=term)
            )
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(vendor__name__icontains=term)
                | component_named
            )
        return queryset

    def filter_started_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Started on or after that day (hospital time); a range on the column keeps its index."""
        return queryset.filter(started_at__gte=_local_midnight(value))

    def filter_started_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Started on or before that day (hospital time)."""
        return queryset.filter(started_at__lt=_local_midnight(value + datetime.timedelta(days=1)))

"""The FilterSets of remote access: sessions (the hospital's list, the portal's and the API) and
the vendor access log (by vendor, person, system, action, address and days)."""

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from compliance.models import AccessLogEntry, RemoteAccessSession
from core.filters import DayFilter, SearchFilterSet
from vendors.filters import vendor_choices


class RemoteAccessSessionFilterSet(SearchFilterSet):
    search_fields = ("engineer", "reason", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    flagged = django_filters.BooleanFilter(label="Flagged")

    class Meta:
        model = RemoteAccessSession
        fields = ["q", "vendor", "status", "method", "flagged"]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class IPAddressFilter(django_filters.CharFilter):
    """An address checked as one before it reaches PostgreSQL's inet column (junk was a 500)."""

    field_class = forms.GenericIPAddressField


class AccessLogFilterSet(django_filters.FilterSet):
    """Each filter a range or an equality on an indexed column: the days become instants in
    hospital time, so ``at`` is compared as stored."""

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    # A signed-in vendor user, by id (links from a user's page, the API); the form lists no users.
    user = django_filters.NumberFilter(field_name="user_id", widget=forms.HiddenInput)
    actor = django_filters.CharFilter(lookup_expr="icontains", label="Who")
    system = django_filters.CharFilter(lookup_expr="icontains")
    source_ip = IPAddressFilter(label="From address")
    on_or_after = DayFilter(method="filter_from", label="From day")
    on_or_before = DayFilter(method="filter_to", label="To day")

    class Meta:
        model = AccessLogEntry
        fields = ["vendor", "user", "actor", "system", "action", "source_ip", "on_or_after", "on_or_before"]

    def filter_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(at__gte=_day_start(value))

    def filter_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(at__lt=_day_start(value + datetime.timedelta(days=1)))

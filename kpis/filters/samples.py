"""The sample FilterSet: the samples page, its CSV export and the API (instants typed as ISO 8601
or a date)."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.filters import SearchFilterSet
from core.forms import DateInput
from core.instants import instant_check
from kpis.models import Kpi, KpiSample, Source
from vendors.filters import ComponentFilter, vendor_choices


class InstantField(forms.Field):
    """An instant as ISO 8601 (``2026-10-05T08:00:00+02:00``; without an offset it is hospital
    time) or a date (its first moment in hospital time), so the page's date picker and an API
    client's timestamps filter alike."""

    widget = DateInput
    default_error_messages = {"invalid": "Give a date (2026-10-05) or an ISO 8601 date and time."}

    def to_python(self, value: object) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        text = str(value).strip()
        try:
            instant = parse_datetime(text)
            day = None if instant else parse_date(text)
        except ValueError:
            instant = day = None
        if day is not None:
            instant = datetime.datetime.combine(day, datetime.time.min)
        if instant is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        instant_check(instant)
        return timezone.make_aware(instant) if timezone.is_naive(instant) else instant


class InstantFilter(django_filters.Filter):
    field_class = InstantField


def kpi_choices() -> QuerySet[Kpi]:
    return Kpi.objects.only("pk", "code", "name").order_by("name")


class KpiSampleFilterSet(SearchFilterSet):
    """``kpi`` is the KPI's code (``?kpi=retrieval_time``), as the API writes it. No free-text
    search: it would read every one of millions of samples."""

    kpi = django_filters.ModelChoiceFilter(queryset=kpi_choices(), to_field_name="code", label="KPI")
    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    component = ComponentFilter()
    source = django_filters.ChoiceFilter(choices=Source.choices)
    measured_after = InstantFilter(field_name="measured_at", lookup_expr="gte", label="Measured from")
    measured_before = InstantFilter(field_name="measured_at", lookup_expr="lt", label="Measured before")

    class Meta:
        model = KpiSample
        fields = ["kpi", "vendor", "component", "source", "measured_after", "measured_before"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["q"]

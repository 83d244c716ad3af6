"""The credit statements' one FilterSet: the hospital page, the portal, the CSV export and the API."""

import django_filters
from django.db.models import QuerySet

from core.filters import SearchFilterSet
from slas.forms.credits import MonthField
from slas.models import CreditStatement
from slas.selectors.credits import overdue_q
from vendors.filters import vendor_choices


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class CreditStatementFilterSet(SearchFilterSet):
    search_fields = ("vendor__name", "invoice_reference")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    state = django_filters.ChoiceFilter(choices=CreditStatement.State.choices)
    month = MonthFilter(field_name="month", label="Month")
    month_from = MonthFilter(field_name="month", lookup_expr="gte", label="From month")
    month_to = MonthFilter(field_name="month", lookup_expr="lte", label="To month")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Claim overdue")
    chronic_failure = django_filters.BooleanFilter(label="Chronic failure")

    class Meta:
        model = CreditStatement
        fields = ["q", "vendor", "state", "month", "month_from", "month_to", "overdue", "chronic_failure"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

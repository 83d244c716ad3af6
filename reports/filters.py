"""The report archive's one FilterSet: the hospital page, its CSV export, the portal and the API.

``status`` filters by the archive's status: the ``status_code`` that ``report_list`` annotates
and ``report_status`` shows.
"""

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.filters import SearchFilterSet
from reports.models import EvaluationReport, MonthlyReport, QbrPack, ReportRecipient
from reports.selectors import STATUS_CHOICES
from slas.forms.credits import MonthField
from vendors.filters import vendor_choices

State = MonthlyReport.State


def current_versions_q() -> Q:
    """The versions that count: the current one of each month, one being generated, and a
    failed attempt nobody has tried again yet. Superseded versions and retried failures are
    history."""
    tried_again = MonthlyReport.objects.filter(
        vendor_id=OuterRef("vendor_id"), month=OuterRef("month"), version__gt=OuterRef("version")
    )
    return Q(is_current=True) | Q(state=State.GENERATING) | (Q(state=State.FAILED) & ~Exists(tried_again))


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class MonthlyReportFilterSet(SearchFilterSet):
    search_fields = ("vendor__name", "reason", "pdf_sha256")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    month = MonthFilter(field_name="month", label="Month")
    month_from = MonthFilter(field_name="month", lookup_expr="gte", label="From month")
    month_to = MonthFilter(field_name="month", lookup_expr="lte", label="To month")
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label="Status")
    current = django_filters.BooleanFilter(method="filter_current", label="Current versions only")

    class Meta:
        model = MonthlyReport
        fields = ["q", "vendor", "month", "month_from", "month_to", "status", "current"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].label = "Search (vendor, reason, SHA-256)"

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status_code=value) if value else queryset

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(current_versions_q()) if value else queryset.exclude(current_versions_q())


class RecipientFilterSet(SearchFilterSet):
    search_fields = (
        "user__first_name",
        "user__last_name",
        "user__email",
        "contact__name",
        "contact__email",
    )

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    opted_out = django_filters.BooleanFilter(
        field_name="opted_out_at", lookup_expr="isnull", exclude=True, label="Opted out"
    )

    class Meta:
        model = ReportRecipient
        fields = ["q", "vendor", "opted_out"]


class QbrPackFilterSet(django_filters.FilterSet):
    """The QBR packs' list (hospital and portal)."""

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = QbrPack
        fields = ["vendor"]


class EvaluationReportFilterSet(django_filters.FilterSet):
    """The evaluation PDFs' list (hospital)."""

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = EvaluationReport
        fields = ["vendor"]

import django_filters
from django.db.models import QuerySet

from core.filters import SearchFilterSet
from slas.models import Severity
from tickets import selectors
from tickets.models import OPEN_STATUSES, Status, Ticket
from vendors.filters import vendor_choices

SLA_STATES = (("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached"), ("paused", "Paused"))


class TicketFilterSet(SearchFilterSet):
    search_fields = ("title", "description")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    open = django_filters.BooleanFilter(method="filter_open", label="Open")
    sla = django_filters.ChoiceFilter(choices=SLA_STATES, method="filter_sla", label="SLA state")

    class Meta:
        model = Ticket
        fields = ["q", "vendor", "severity", "status", "open", "sla"]

    def filter_open(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)

    def filter_sla(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.with_sla_state(queryset, value)

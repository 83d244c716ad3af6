"""One FilterSet per listable model: used by the pages, their CSV export and the API."""

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from core.filters import SearchFilterSet
from vendors.forms import VendorNamedChoiceField
from vendors.models import Component, Contact, Contract, Interface, Vendor


class VendorFilterSet(SearchFilterSet):
    search_fields = ("name", "notes", "support_email")

    class Meta:
        model = Vendor
        fields = ["q", "kind", "active"]


def vendor_choices() -> QuerySet[Vendor]:
    """The vendor filter's options: names only (the list can be long)."""
    return Vendor.objects.only("pk", "name")


def component_choices(request: HttpRequest | None) -> QuerySet[Component]:
    """The component filter's options: every vendor's components the user may see. A callable:
    django-filter builds a ModelChoiceFilter's field from the queryset it was declared with, so
    it is scoped here, per request."""
    components = Component.objects.select_related("vendor").only("pk", "name", "site", "vendor__name")
    return components.visible_to(getattr(request, "user", None)).order_by("vendor__name", "name", "site")


class ComponentFilter(django_filters.ModelChoiceFilter):
    """A component among every vendor's: each option names its vendor, since two vendors'
    components often share a name ("Meridian Imaging · Archive (Main site)")."""

    field_class = VendorNamedChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", component_choices)
        super().__init__(*args, **kwargs)


class ContactFilterSet(SearchFilterSet):
    search_fields = ("name", "email", "phone", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    escalation_level = django_filters.ChoiceFilter(choices=[(level, str(level)) for level in range(1, 6)])

    class Meta:
        model = Contact
        fields = ["q", "vendor", "role", "escalation_level"]


class ContractFilterSet(SearchFilterSet):
    search_fields = ("reference", "title", "vendor__name")

    STATUS_CHOICES = (("active", "Active"), ("upcoming", "Upcoming"), ("expired", "Expired"))
    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label="Status")
    ends_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label="Ends on or before")

    class Meta:
        model = Contract
        fields = ["q", "vendor", "status", "auto_renew", "currency", "ends_before"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = datetime.date.today()
        if value == "upcoming":
            return queryset.filter(start_date__gt=today)
        if value == "expired":
            return queryset.filter(end_date__lt=today)
        return queryset.filter(start_date__lte=today, end_date__gte=today)


class ComponentFilterSet(SearchFilterSet):
    search_fields = ("name", "site", "description", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())

    class Meta:
        model = Component
        fields = ["q", "vendor", "kind", "criticality", "site", "active"]


class InterfaceFilterSet(SearchFilterSet):
    """Interfaces by either end: ``vendor`` and ``component`` match the source or the target."""

    search_fields = ("name", "endpoint", "owner", "notes", "source__name", "target__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices(), method="filter_vendor", label="Vendor")
    component = ComponentFilter(method="filter_component", label="Component")

    class Meta:
        model = Interface
        fields = ["q", "vendor", "component", "protocol", "direction", "criticality", "active"]

    def filter_vendor(self, queryset: QuerySet, name: str, value: Vendor) -> QuerySet:
        return queryset.filter(Q(source__vendor=value) | Q(target__vendor=value))

    def filter_component(self, queryset: QuerySet, name: str, value: Component) -> QuerySet:
        return queryset.filter(Q(source=value) | Q(target=value))

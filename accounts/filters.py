import django_filters

from accounts.models import StaffMember, User
from core.filters import SearchFilterSet


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "email", "vendor__name")

    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = User
        fields = ["q", "role", "vendor", "is_active"]


class StaffMemberFilterSet(SearchFilterSet):
    search_fields = ("name", "email", "staff_number", "department", "site")

    active = django_filters.BooleanFilter(label="Active")
    department = django_filters.CharFilter(lookup_expr="iexact")
    site = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = StaffMember
        fields = ["q", "profession", "department", "site", "active"]

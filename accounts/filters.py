import django_filters

from accounts.models import User
from core.filters import SearchFilterSet


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "email", "vendor__name")

    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = User
        fields = ["q", "role", "vendor", "is_active"]

import django_filters
from django.db.models import QuerySet

from accounts.models import Profession
from core.filters import SearchFilterSet
from training.models import Course


class CourseFilterSet(SearchFilterSet):
    search_fields = ("title", "release", "vendor__name")

    audience = django_filters.ChoiceFilter(choices=Profession.choices, method="filter_audience", label="For profession")
    internal = django_filters.BooleanFilter(field_name="vendor", lookup_expr="isnull", label="Internal")
    active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = Course
        fields = ["q", "vendor", "delivery", "audience", "internal", "active"]

    def filter_audience(self, queryset: QuerySet[Course], name: str, value: str) -> QuerySet[Course]:
        return queryset.filter(audience__contains=[value])

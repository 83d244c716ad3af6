"""FilterSet base with a free-text ``q`` search over declared fields.

One FilterSet per listable model serves the page, its CSV export and the API.
"""

from functools import reduce
from operator import or_
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.instants import day_check
from core.models import is_vendor_scoped
from core.widgets import FastSelect


class AnyYesNoSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]


class DayField(forms.DateField):
    """A day within core.instants' range: a filter turns it into an instant in hospital time."""

    default_validators = [day_check]


class DayFilter(django_filters.DateFilter):
    """Filter by a day (``?started_from=2026-10-05``); a year outside 1990-2100 is a 400."""

    field_class = DayField


class SearchFilterSet(django_filters.FilterSet):
    search_fields: ClassVar[tuple[str, ...]] = ()

    q = django_filters.CharFilter(method="filter_search", label="Search")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choice lists (e.g. the vendor filter) show only what the user may see.
        user = getattr(self.request, "user", None)
        for declared in self.filters.values():
            if isinstance(declared, django_filters.BooleanFilter):
                declared.extra["widget"] = AnyYesNoSelect
            elif isinstance(declared, django_filters.ModelChoiceFilter):
                declared.extra["widget"] = FastSelect
            # Model choice filters build their field from ``.queryset`` (``extra`` is overwritten).
            queryset = getattr(declared, "queryset", None)
            if isinstance(queryset, QuerySet) and is_vendor_scoped(queryset.model):
                declared.queryset = queryset.visible_to(user)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        terms = value.split()
        for term in terms:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset

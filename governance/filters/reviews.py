"""The FilterSet of SLA annual reviews."""

import django_filters

from core.filters import SearchFilterSet
from governance.models import ReviewOutcome, SlaReview
from vendors.filters import vendor_choices


class ReviewFilterSet(SearchFilterSet):
    search_fields = ("agreement__contract__reference", "agreement__name", "vendor__name", "decisions")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    status = django_filters.ChoiceFilter(choices=SlaReview.Status.choices)
    outcome = django_filters.ChoiceFilter(choices=ReviewOutcome.choices)

    class Meta:
        model = SlaReview
        fields = ["q", "vendor", "status", "outcome"]

"""The FilterSet of lessons-learned reviews: the hospital list (per vendor), the portal's, the API's."""

import django_filters

from core.filters import SearchFilterSet
from operations.models import LessonsReview
from vendors.filters import vendor_choices


class LessonsReviewFilterSet(SearchFilterSet):
    search_fields = ("plan__title", "went_well", "went_badly", "vendor__name")

    vendor = django_filters.ModelChoiceFilter(queryset=vendor_choices())
    outcome = django_filters.ChoiceFilter(
        field_name="plan__state", choices=[("done", "Done"), ("rolled_back", "Rolled back")]
    )

    class Meta:
        model = LessonsReview
        fields = ["q", "vendor", "outcome"]

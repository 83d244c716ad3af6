import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import SearchFilterSet
from training.models import Certification, CertificationKind, CertificationState
from training.selectors.certifications import in_state
from vendors.models import Vendor


class CertificationFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__staff_number", "kind__name")

    state = django_filters.ChoiceFilter(choices=CertificationState.choices, method="filter_state", label="State")
    kind = django_filters.ModelChoiceFilter(queryset=CertificationKind.objects.all(), label="Certification")
    issuer = django_filters.ModelChoiceFilter(
        field_name="kind__vendor", queryset=Vendor.objects.all(), label="Issued by"
    )

    class Meta:
        model = Certification
        fields = ["q", "state", "kind", "issuer"]

    def filter_state(self, queryset: QuerySet[Certification], name: str, value: str) -> QuerySet[Certification]:
        return in_state(queryset, value, today=timezone.localdate())


class CertificationKindFilterSet(SearchFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = CertificationKind
        fields = ["q", "vendor", "internal_trainer", "active"]

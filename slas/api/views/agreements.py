"""``/api/v1/agreements/``: agreement versions with their rows."""

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers.agreements import AgreementSerializer
from slas.filters.agreements import AgreementFilterSet
from slas.selectors.agreements import agreement_detail


class AgreementViewSet(ScopedModelViewSet):
    """Agreement versions with their targets per severity, escalation rules, availability terms,
    credit bands and ticket credit rules (each list written as a whole; a list not sent is kept)."""

    write_action = "agreement.manage"
    queryset = agreement_detail()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["effective_from", "version", "contract__reference"]
    ordering = ["contract__reference", "-version"]

from core.api.viewsets import ScopedModelViewSet
from slas import filters, selectors
from slas.api.serializers import AgreementSerializer, CalendarSerializer
from slas.models import BusinessCalendar


class CalendarViewSet(ScopedModelViewSet):
    """Business calendars with their weekly windows (written as a whole) and holidays (read)."""

    queryset = BusinessCalendar.objects.prefetch_related("windows", "holidays")
    serializer_class = CalendarSerializer
    filterset_class = filters.CalendarFilterSet
    ordering_fields = ["name", "timezone"]
    ordering = ["name"]


class AgreementViewSet(ScopedModelViewSet):
    """Agreement versions with their targets per severity, escalation rules, availability terms,
    credit bands and ticket credit rules (each list written as a whole; a list not sent is kept)."""

    queryset = selectors.agreement_detail()
    serializer_class = AgreementSerializer
    filterset_class = filters.AgreementFilterSet
    ordering_fields = ["effective_from", "version", "contract__reference"]
    ordering = ["contract__reference", "-version"]

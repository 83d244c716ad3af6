"""``/api/v1/calendars/``: business calendars with their windows and holidays."""

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers.calendars import CalendarSerializer
from slas.filters.calendars import CalendarFilterSet
from slas.models import BusinessCalendar


class CalendarViewSet(ScopedModelViewSet):
    """Business calendars with their weekly windows (written as a whole) and holidays (read)."""

    write_action = "calendar.manage"
    queryset = BusinessCalendar.objects.prefetch_related("windows", "holidays")
    serializer_class = CalendarSerializer
    filterset_class = CalendarFilterSet
    ordering_fields = ["name", "timezone"]
    ordering = ["name"]

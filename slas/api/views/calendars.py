"""``/api/v1/calendars/``: business calendars with their windows and holidays."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers.calendars import CalendarSerializer, HolidaySerializer
from slas.filters.calendars import CalendarFilterSet
from slas.models import BusinessCalendar
from slas.services import calendars as services


class CalendarViewSet(ScopedModelViewSet):
    """Business calendars with their weekly windows (written as a whole) and their holidays
    (added and removed one by one under ``holidays/``)."""

    write_action = "calendar.manage"
    permission_actions = {"holidays": "calendar.manage", "holiday": "calendar.manage"}
    queryset = BusinessCalendar.objects.prefetch_related("windows", "holidays")
    serializer_class = CalendarSerializer
    filterset_class = CalendarFilterSet
    ordering_fields = ["name", "timezone"]
    ordering = ["name"]

    @extend_schema(methods=["GET"], responses=HolidaySerializer(many=True))
    @extend_schema(methods=["POST"], request=HolidaySerializer, responses={201: HolidaySerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def holidays(self, request: Request, pk: str | None = None) -> Response:
        """The calendar's holidays, by date. POST adds one: ``name``, ``date`` and, for a closure
        of several days, ``end_date`` (its last day); the calendar's clocks count it at once."""
        calendar = self.get_object()
        if request.method == "GET":
            return Response(HolidaySerializer(calendar.holidays.order_by("date", "name"), many=True).data)
        serializer = HolidaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            holiday = services.holiday_add(calendar=calendar, **serializer.validated_data)
        return Response(HolidaySerializer(holiday).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"holidays/(?P<holiday_id>\d+)")
    def holiday(self, request: Request, pk: str | None = None, holiday_id: str | None = None) -> Response:
        """Remove one holiday of the calendar."""
        holiday = get_object_or_404(self.get_object().holidays, pk=holiday_id)
        with self._audited():
            services.holiday_delete(holiday=holiday)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Business calendars with their weekly windows (written as a whole) and holidays (read); writes
go through ``slas.services.calendars``."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from slas.models import (
    BusinessCalendar,
    CalendarWindow,
    Holiday,
)
from slas.services import calendars as calendar_services


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarWindow
        fields = ["weekday", "start", "end"]


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "name", "date", "end_date", "source"]
        read_only_fields = ["source"]


class CalendarSerializer(ScopedModelSerializer):
    windows = WindowSerializer(many=True, required=False)
    holidays = HolidaySerializer(many=True, read_only=True)

    class Meta:
        model = BusinessCalendar
        fields = ["id", "name", "timezone", "always_open", "description", "windows", "holidays", "updated_at"]

    def save_calendar(self, calendar: BusinessCalendar, data: dict[str, Any]) -> BusinessCalendar:
        windows = data.pop("windows", None)
        for name, value in data.items():
            setattr(calendar, name, value)
        if windows is None:  # not sent: keep what the calendar has (nothing, for a new one)
            existing = calendar.windows.all() if calendar.pk else []
            windows = [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in existing]
        inputs = [calendar_services.WindowInput(w["weekday"], w["start"], w["end"]) for w in windows]
        return calendar_services.calendar_save(calendar=calendar, windows=inputs)

    def create(self, validated_data: dict[str, Any]) -> BusinessCalendar:
        return self.save_calendar(BusinessCalendar(), validated_data)

    def update(self, instance: BusinessCalendar, validated_data: dict[str, Any]) -> BusinessCalendar:
        return self.save_calendar(instance, validated_data)

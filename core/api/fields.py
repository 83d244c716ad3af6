"""Serializer fields shared by every app's API."""

import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from core.instants import FIRST_YEAR, LAST_YEAR, RANGE_TEXT, instant_problem


class InstantField(serializers.DateTimeField):
    """A date and time within the sane range (core.instants), with a real UTC offset."""

    def to_internal_value(self, value: Any) -> datetime.datetime:
        # Checked before DRF's parsing: converting year 1 or a -23:57 offset to the hospital's
        # zone overflows (a 500) or shifts the day.
        parsed = value if isinstance(value, datetime.datetime) else None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
        if parsed is not None and (problem := instant_problem(parsed)):
            raise serializers.ValidationError(problem, code="instant_range")
        return super().to_internal_value(value)


class DayField(serializers.DateField):
    """A date within the sane range (core.instants): a day becomes an instant in hospital time,
    and year 169 or 9999 would overflow or answer nonsense."""

    def to_internal_value(self, value: Any) -> datetime.date:
        day = super().to_internal_value(value)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise serializers.ValidationError(f"Give a date {RANGE_TEXT}.", code="instant_range")
        return day

"""Serializer fields shared by every app's API."""

import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from core.instants import instant_problem


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

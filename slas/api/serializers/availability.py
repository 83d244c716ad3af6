"""The availability API: query parameters in, figures out (minutes to the tenth)."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from core.api.fields import DayField
from core.instants import FIRST_YEAR, LAST_YEAR, RANGE_TEXT
from slas.selectors.availability import Availability
from slas.uptime import minutes, shown_percent


class AvailabilityQuerySerializer(serializers.Serializer):
    """Either ``month`` (YYYY-MM, default this month) or a ``start``/``end`` date range (end
    inclusive, hospital time); ``component`` narrows it to one of the vendor's components."""

    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False, error_messages={"invalid": "Use YYYY-MM."}
    )
    start = DayField(required=False)
    end = DayField(required=False)
    component = serializers.IntegerField(required=False, min_value=1)

    def validate_month(self, value: str) -> str:
        if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
            raise serializers.ValidationError(f"Give a month {RANGE_TEXT}.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_range = "start" in attrs or "end" in attrs
        if has_range and "month" in attrs:
            raise serializers.ValidationError("Give either month or start and end, not both.")
        if has_range:
            if "start" not in attrs or "end" not in attrs:
                raise serializers.ValidationError({"end" if "start" in attrs else "start": "Give both start and end."})
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": "The end date is before the start date."})
        return attrs

    def period(self) -> tuple[datetime.date | None, tuple[datetime.datetime, datetime.datetime] | None]:
        """(month, None) or (None, (start, end)) from the validated data."""
        data = self.validated_data
        if "start" in data:
            zone = timezone.get_default_timezone()
            start = datetime.datetime.combine(data["start"], datetime.time(0), tzinfo=zone)
            end = datetime.datetime.combine(data["end"] + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone)
            return None, (start, end)
        if "month" in data:
            return datetime.datetime.strptime(data["month"], "%Y-%m").date(), None
        return timezone.localdate().replace(day=1), None


def _minutes(value: datetime.timedelta | None) -> Decimal | None:
    return minutes(value) if value is not None else None


def _decimal(max_digits: int, places: int) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=max_digits, decimal_places=places, allow_null=True)


class CreditLineSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="availability, tickets or cap")
    description = serializers.CharField()
    percent = serializers.CharField()


class AvailabilitySerializer(serializers.Serializer):
    """Minutes are to the tenth; percentages exact to four places (uptime) or two (credits)."""

    vendor = serializers.IntegerField()
    component = serializers.IntegerField(allow_null=True)
    month = serializers.CharField(allow_null=True, help_text="YYYY-MM, or null for a date range.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    measured_until = serializers.DateTimeField(help_text="The end, or now for a period still running.")
    agreement = serializers.IntegerField(allow_null=True)
    uptime_percent = _decimal(8, 4)
    target_percent = _decimal(6, 3)
    meets_target = serializers.BooleanField(allow_null=True)
    period_minutes = _decimal(12, 1)
    downtime_minutes = _decimal(12, 1)
    down_minutes = _decimal(12, 1)
    degraded_minutes = _decimal(12, 1)
    excluded_minutes = _decimal(12, 1)
    budget_minutes = _decimal(12, 1)
    budget_remaining_minutes = _decimal(12, 1)
    outages = serializers.IntegerField()
    mttr_minutes = _decimal(12, 1)
    mtbf_minutes = _decimal(12, 1)
    credit_percent = _decimal(5, 2)
    credit_amount = _decimal(14, 2)
    currency = serializers.CharField(allow_null=True)
    credit_lines = CreditLineSerializer(many=True)


def availability_payload(availability: Availability, *, month: datetime.date | None) -> dict[str, Any]:
    figures, credit = availability.figures, availability.credit
    return AvailabilitySerializer(
        {
            "vendor": availability.vendor_id,
            "component": availability.component_id,
            "month": f"{month:%Y-%m}" if month else None,
            "start": availability.start,
            "end": availability.end,
            "measured_until": availability.measured_until,
            "agreement": availability.agreement.pk if availability.agreement else None,
            "uptime_percent": shown_percent(figures.uptime_percent, 4),
            "target_percent": availability.target_percent,
            "meets_target": availability.meets_target,
            "period_minutes": minutes(figures.period),
            "downtime_minutes": minutes(figures.downtime),
            "down_minutes": minutes(figures.down),
            "degraded_minutes": minutes(figures.degraded),
            "excluded_minutes": minutes(figures.excluded),
            "budget_minutes": _minutes(availability.budget),
            "budget_remaining_minutes": _minutes(availability.budget_remaining),
            "outages": figures.outages,
            "mttr_minutes": _minutes(figures.mttr),
            "mtbf_minutes": _minutes(figures.mtbf),
            "credit_percent": credit.percent if credit else None,
            "credit_amount": credit.amount if credit else None,
            "currency": credit.currency if credit else None,
            "credit_lines": [line.as_json() for line in credit.lines] if credit else [],
        }
    ).data

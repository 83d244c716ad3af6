"""Credit statements in the API: read-only figures and history; the claim's steps take a few
fields each, and computing a month takes a vendor (optional) and a month."""

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import limits
from core.months import last_finished_month
from slas.forms.credits import parse_month
from slas.models import CreditStatement, CreditStatementEvent
from slas.selectors.credits import claim_overdue
from vendors.models import Vendor


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.Field):
    """A calendar month as ``YYYY-MM``."""

    default_error_messages = {"invalid": "Write the month as YYYY-MM, e.g. 2026-03."}

    def to_representation(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def to_internal_value(self, data: Any) -> datetime.date:
        month = parse_month(str(data)) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month


class CreditStatementEventSerializer(serializers.ModelSerializer):
    actor = serializers.PrimaryKeyRelatedField(read_only=True)
    actor_name = serializers.StringRelatedField(source="actor", read_only=True)

    class Meta:
        model = CreditStatementEvent
        fields = ["kind", "at", "actor", "actor_name", "note"]
        read_only_fields = fields


class CreditStatementSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    month = MonthField(read_only=True)
    claim_overdue = serializers.SerializerMethodField()

    class Meta:
        model = CreditStatement
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "month",
            "agreement",
            "state",
            "uptime_percent",
            "target_percent",
            "downtime_minutes",
            "excluded_minutes",
            "availability_credit_percent",
            "ticket_credit_percent",
            "credit_percent",
            "monthly_fee",
            "credit_amount",
            "currency",
            "lines",
            "claim_deadline",
            "claim_overdue",
            "chronic_failure",
            "invoice_reference",
            "computed_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_claim_overdue(self, statement: CreditStatement) -> bool:
        return claim_overdue(statement)


class CreditStatementDetailSerializer(CreditStatementSerializer):
    events = CreditStatementEventSerializer(many=True, read_only=True)

    class Meta(CreditStatementSerializer.Meta):
        fields = [*CreditStatementSerializer.Meta.fields, "events"]
        read_only_fields = fields


# The steps' inputs; whether a text is required is the service's rule (and its message).
class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)


class InvoiceSerializer(serializers.Serializer):
    invoice_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=CreditStatement._meta.get_field("invoice_reference").max_length,
    )


class ComputeSerializer(serializers.Serializer):
    """``vendor`` (optional: every vendor with an SLA that month) and a finished ``month``."""

    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all(), required=False, allow_null=True)
    month = MonthField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        fields["vendor"].queryset = Vendor.objects.visible_to(getattr(request, "user", None))
        return fields

    def validate_month(self, month: datetime.date) -> datetime.date:
        latest = last_finished_month()
        if month > latest:
            raise serializers.ValidationError(
                f"{month:%Y-%m} has not ended yet; the latest month you can compute is {latest:%Y-%m}."
            )
        return month


class ComputeOutcomeSerializer(serializers.Serializer):
    vendor = serializers.IntegerField(source="vendor_id")
    month = MonthField()
    result = serializers.CharField()
    reason = serializers.CharField()
    statement = CreditStatementSerializer(allow_null=True)

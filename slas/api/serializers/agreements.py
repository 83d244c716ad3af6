"""Agreements with their nested rows (targets, escalation rules, credit bands, ticket credits);
writes go through ``slas.services.agreements``."""

from typing import Any, TypeVar

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from core.limits import shown
from slas.models import (
    Agreement,
    AgreementTarget,
    BusinessCalendar,
    CreditBand,
    EscalationRule,
    TicketCreditRule,
)
from slas.models.agreements import TARGET_DURATION
from slas.services import agreements as agreement_services

InputT = TypeVar("InputT")


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementTarget
        fields = ["severity", "calendar", "response", "update", "resolution"]
        # The longest target written as targets are written (8760h), not as "365 days, 0:00:00".
        extra_kwargs = {
            name: {"error_messages": {"max_value": f"Ensure this value is at most {shown(TARGET_DURATION.high)}."}}
            for name in ("response", "update", "resolution")
        }


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationRule
        fields = [
            "metric",
            "threshold_percent",
            "notify_assignee",
            "notify_contact_role",
            "notify_escalation_level",
            "notify_hospital_admins",
            "raise_tier_to",
        ]


class CreditBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditBand
        fields = ["below_percent", "credit_percent"]


class TicketCreditRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketCreditRule
        fields = ["severity", "metric", "credit_percent"]


def _target_inputs(rows: list[dict[str, Any]] | None) -> list[agreement_services.TargetInput] | None:
    if rows is None:
        return None
    return [
        agreement_services.TargetInput(
            row["severity"], row["calendar"].pk, row["response"], row.get("update"), row.get("resolution")
        )
        for row in rows
    ]


def _inputs(kind: type[InputT], rows: list[dict[str, Any]] | None) -> list[InputT] | None:
    """Validated nested rows as the service's inputs; rows not sent (None) stay None."""
    return None if rows is None else [kind(**row) for row in rows]


class AgreementSerializer(ScopedModelSerializer):
    vendor = serializers.IntegerField(source="contract.vendor_id", read_only=True)
    targets = TargetSerializer(many=True)
    escalation_rules = RuleSerializer(many=True, required=False)
    credit_bands = CreditBandSerializer(many=True, required=False)
    ticket_credit_rules = TicketCreditRuleSerializer(many=True, required=False)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "vendor",
            "contract",
            "version",
            "name",
            "effective_from",
            "effective_to",
            *agreement_services.AVAILABILITY_TERMS,
            "notes",
            "targets",
            "escalation_rules",
            "credit_bands",
            "ticket_credit_rules",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        calendar_field = fields["targets"].child.fields["calendar"]
        calendar_field.queryset = BusinessCalendar.objects.visible_to(getattr(request, "user", None))
        return fields

    def save_agreement(self, agreement: Agreement, data: dict[str, Any]) -> Agreement:
        # Nested rows not sent are kept as they are (``agreement_save``).
        targets = data.pop("targets", None)
        rules = data.pop("escalation_rules", None)
        bands = data.pop("credit_bands", None)
        ticket_credits = data.pop("ticket_credit_rules", None)
        for name, value in data.items():
            setattr(agreement, name, value)
        return agreement_services.agreement_save(
            agreement=agreement,
            targets=_target_inputs(targets),
            rules=_inputs(agreement_services.RuleInput, rules),
            bands=_inputs(agreement_services.BandInput, bands),
            ticket_credits=_inputs(agreement_services.TicketCreditInput, ticket_credits),
        )

    def create(self, validated_data: dict[str, Any]) -> Agreement:
        return self.save_agreement(Agreement(), validated_data)

    def update(self, instance: Agreement, validated_data: dict[str, Any]) -> Agreement:
        return self.save_agreement(instance, validated_data)

"""Maintenance windows in the API: the plan is written through ``maintenance_save``; state,
decision and actual times change only through the action routes."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import limits
from core.api.fields import InstantField
from core.api.serializers import ScopedModelSerializer
from slas.models import MaintenanceWindow
from slas.selectors.maintenance import MaintenanceCompliance, maintenance_compliance_of
from slas.services import maintenance as services


class ComplianceSerializer(serializers.Serializer):
    assessed = serializers.BooleanField(help_text="False for cancelled work and rejected work never done.")
    compliant = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    planned_minutes = serializers.IntegerField(help_text="Excluded from uptime as planned maintenance, so far.")
    unplanned_minutes = serializers.IntegerField(help_text="Counted as unplanned downtime, so far.")


def compliance_data(compliance: MaintenanceCompliance) -> dict[str, Any]:
    return {
        "assessed": compliance.assessed,
        "compliant": compliance.compliant,
        "problems": list(compliance.problems),
        "planned_minutes": compliance.planned_minutes,
        "unplanned_minutes": compliance.unplanned_minutes,
    }


class MaintenanceWindowSerializer(ScopedModelSerializer):
    """``components``: ids of the vendor's components (empty: all of them). ``announced_at`` is
    now for vendors; hospital admins may record an earlier announcement. ``compliance`` judges
    the window against the agreement in force on its planned day."""

    announced_at = InstantField(required=False)
    compliance = serializers.SerializerMethodField()

    class Meta:
        model = MaintenanceWindow
        fields = [
            "id",
            "vendor",
            "title",
            "description",
            "components",
            "planned_start",
            "planned_end",
            "announced_at",
            "announced_by",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
            "actual_start",
            "actual_end",
            "compliance",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "announced_by",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
            "actual_start",
            "actual_end",
        ]
        extra_kwargs = {
            "components": {"required": False},
            "vendor": {"required": False, "help_text": "Required for hospital admins; a vendor user's own vendor."},
        }

    @extend_schema_field(ComplianceSerializer)
    def get_compliance(self, window: MaintenanceWindow) -> dict[str, Any]:
        # A list view assesses its whole page at once and passes the results in the context.
        batch = self.context.get("compliance") or {}
        compliance = batch.get(window.pk) or maintenance_compliance_of(window)
        return compliance_data(compliance)

    def _save(self, window: MaintenanceWindow | None, data: dict[str, Any]) -> MaintenanceWindow:
        plan = services.maintenance_plan(window, data)
        return services.maintenance_save(window=window, plan=plan, actor=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> MaintenanceWindow:
        return self._save(None, validated_data)

    def update(self, instance: MaintenanceWindow, validated_data: dict[str, Any]) -> MaintenanceWindow:
        return self._save(instance, validated_data)


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=limits.NOTE_LENGTH, help_text="Why the window is rejected; the vendor reads it."
    )


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)


class ActualsSerializer(serializers.Serializer):
    actual_start = InstantField(allow_null=True)
    actual_end = InstantField(required=False, allow_null=True, default=None)

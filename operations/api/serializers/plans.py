"""Upgrade and change plans in the API: the plan with its steps and checks (read here; added by
their own routes), and the bodies of the plan's moves. Writes go through
``operations.services.plans``, whose refusals answer 400 with messages per field."""

from typing import Any

from rest_framework import serializers

from core import limits
from core.api.serializers import ScopedModelSerializer
from operations.forms.plans import MAX_ID
from operations.models import ChangePlan, PlanCheck, PlanStep
from operations.services.plans import plan_save
from slas.models import Incident


class PlanStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanStep
        fields = ["id", "position", "description", "side", "owner"]
        read_only_fields = ["id", "position"]


class PlanCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanCheck
        fields = ["id", "stage", "description", "signed_by_name", "signed_at"]
        read_only_fields = ["id", "signed_by_name", "signed_at"]


class ChangePlanSerializer(ScopedModelSerializer):
    steps = PlanStepSerializer(many=True, read_only=True)
    checks = PlanCheckSerializer(many=True, read_only=True)
    # Empty until the plan is done or rolled back; said in the schema (read-only fields lose it).
    outcome = serializers.ChoiceField(choices=ChangePlan.Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ChangePlan
        fields = [
            "id",
            "vendor",
            "component",
            "title",
            "kind",
            "from_version",
            "from_patch_level",
            "to_version",
            "to_patch_level",
            "window_start",
            "window_end",
            "description",
            "rollback_plan",
            "state",
            "maintenance_window",
            "proposed_at",
            "approved_at",
            "go_decided_at",
            "decision_note",
            "started_at",
            "finished_at",
            "outcome",
            "outcome_note",
            "incident",
            "version_change",
            "steps",
            "checks",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "vendor",
            "from_version",
            "from_patch_level",
            "state",
            "maintenance_window",
            "proposed_at",
            "approved_at",
            "go_decided_at",
            "decision_note",
            "started_at",
            "finished_at",
            "outcome",
            "outcome_note",
            "incident",
            "version_change",
            "created_at",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["component"].read_only = True  # a plan stays with its component
        return fields

    def _save(self, plan: ChangePlan, validated_data: dict[str, Any]) -> ChangePlan:
        for name, value in validated_data.items():
            setattr(plan, name, value)
        return plan_save(plan=plan, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> ChangePlan:
        return self._save(ChangePlan(), validated_data)

    def update(self, instance: ChangePlan, validated_data: dict[str, Any]) -> ChangePlan:
        return self._save(instance, validated_data)


class CheckSignSerializer(serializers.Serializer):
    check = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the plan's item.")
    signed_by_name = serializers.CharField(max_length=120, help_text="The named person who vouches for it.")


class GoDecisionSerializer(serializers.Serializer):
    go = serializers.BooleanField(help_text="true: go; false: no-go (cancels the plan and its window).")
    note = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ChangePlan.Outcome.choices)
    note = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")
    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        user = self.context["request"].user
        fields["incident"].queryset = Incident.objects.visible_to(user)
        return fields


class PlanNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=limits.NOTE_LENGTH)

"""Backup and DR tests in the API: a test with its runs (read here; recorded by their own route).
Writes go through ``operations.services.recovery``."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from operations.models import RecoveryTest, RecoveryTestRun
from operations.services.recovery import recovery_test_save


class RecoveryRunSerializer(ScopedModelSerializer):
    rto_achieved_minutes = serializers.IntegerField(read_only=True)
    rto_met = serializers.BooleanField(read_only=True)
    rpo_met = serializers.BooleanField(read_only=True)

    class Meta:
        model = RecoveryTestRun
        fields = [
            "id",
            "started_at",
            "restored_at",
            "verified_at",
            "rpo_achieved_minutes",
            "result",
            "issues",
            "rto_achieved_minutes",
            "rto_target_minutes",
            "rpo_target_minutes",
            "rto_met",
            "rpo_met",
            "recorded_by",
        ]
        read_only_fields = ["id", "rto_target_minutes", "rpo_target_minutes", "recorded_by"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs  # the service checks the run whole, with the test's targets


class RecoveryTestSerializer(ScopedModelSerializer):
    runs = RecoveryRunSerializer(many=True, read_only=True)

    class Meta:
        model = RecoveryTest
        fields = [
            "id",
            "vendor",
            "component",
            "kind",
            "every_months",
            "rto_target_minutes",
            "rpo_target_minutes",
            "next_due_on",
            "active",
            "description",
            "runs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["vendor", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["component"].read_only = True  # a test stays with its component
        return fields

    def _save(self, test: RecoveryTest, validated_data: dict[str, Any]) -> RecoveryTest:
        for name, value in validated_data.items():
            setattr(test, name, value)
        return recovery_test_save(test=test, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> RecoveryTest:
        return self._save(RecoveryTest(), validated_data)

    def update(self, instance: RecoveryTest, validated_data: dict[str, Any]) -> RecoveryTest:
        return self._save(instance, validated_data)

"""Health assessments in the API: templates with their checks, schedules with their runs (each
check's result and measurement) and findings, and the bodies of their routes. Writes go through
``operations.services.health``, whose refusals answer 400 with messages per field."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from operations.forms.plans import MAX_ID
from operations.models import HealthAssessment, HealthCheckResult, HealthFinding, HealthRun, HealthTemplate
from operations.models.health import MAX_CHECKS
from operations.services.health import health_assessment_save, health_template_save


class HealthTemplateSerializer(ScopedModelSerializer):
    check_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = HealthTemplate
        fields = ["id", "name", "component_kind", "checks", "check_list", "active", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def _save(self, template: HealthTemplate, validated_data: dict[str, Any]) -> HealthTemplate:
        for name, value in validated_data.items():
            setattr(template, name, value)
        return health_template_save(template=template, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> HealthTemplate:
        return self._save(HealthTemplate(), validated_data)

    def update(self, instance: HealthTemplate, validated_data: dict[str, Any]) -> HealthTemplate:
        return self._save(instance, validated_data)


class HealthCheckResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthCheckResult
        fields = ["position", "check_text", "result", "measurement"]
        read_only_fields = ["position", "check_text"]


class HealthFindingSerializer(serializers.ModelSerializer):
    run = serializers.IntegerField(source="run_id", min_value=1, max_value=MAX_ID, help_text="The run that found it.")

    class Meta:
        model = HealthFinding
        fields = ["id", "run", "description", "side", "owner_name", "due_date", "status", "done_at"]
        read_only_fields = ["id", "status", "done_at"]


class HealthRunSerializer(serializers.ModelSerializer):
    results = HealthCheckResultSerializer(many=True, max_length=MAX_CHECKS)
    findings = HealthFindingSerializer(many=True, read_only=True)

    class Meta:
        model = HealthRun
        fields = ["id", "performed_on", "engineer_name", "summary", "results", "findings", "recorded_by"]
        read_only_fields = ["id", "recorded_by"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs  # the service checks the run whole, against its template's checks

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["results"] = [(row["result"], row.get("measurement", "")) for row in data["results"]]
        return data


class HealthAssessmentSerializer(ScopedModelSerializer):
    runs = HealthRunSerializer(many=True, read_only=True)

    class Meta:
        model = HealthAssessment
        fields = [
            "id",
            "vendor",
            "component",
            "template",
            "every_months",
            "next_due_on",
            "active",
            "runs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["vendor", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["component"].read_only = True  # a schedule stays with its component
            fields["template"].read_only = True
        return fields

    def _save(self, assessment: HealthAssessment, validated_data: dict[str, Any]) -> HealthAssessment:
        for name, value in validated_data.items():
            setattr(assessment, name, value)
        return health_assessment_save(assessment=assessment, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> HealthAssessment:
        return self._save(HealthAssessment(), validated_data)

    def update(self, instance: HealthAssessment, validated_data: dict[str, Any]) -> HealthAssessment:
        return self._save(instance, validated_data)


class FindingDoneSerializer(serializers.Serializer):
    finding = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the finding.")

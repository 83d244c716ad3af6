"""Test protocols in the API: templates with their cases, plans' test cases with their results,
and the bodies of their routes. Writes go through ``operations.services.protocols``, whose
refusals answer 400 with messages per field."""

from typing import Any

from rest_framework import serializers

from core import limits
from core.api.serializers import ScopedModelSerializer
from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate, ProtocolTemplateCase
from operations.services.protocols import case_add, template_save
from slas.models import Severity


class TemplateCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProtocolTemplateCase
        fields = ["id", "position", "title", "expected_result", "mandatory"]
        read_only_fields = ["id", "position"]


class ProtocolTemplateSerializer(ScopedModelSerializer):
    cases = TemplateCaseSerializer(many=True, read_only=True)

    class Meta:
        model = ProtocolTemplate
        fields = ["id", "name", "component_kind", "description", "active", "cases", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def _save(self, template: ProtocolTemplate, validated_data: dict[str, Any]) -> ProtocolTemplate:
        for name, value in validated_data.items():
            setattr(template, name, value)
        return template_save(template=template, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> ProtocolTemplate:
        return self._save(ProtocolTemplate(), validated_data)

    def update(self, instance: ProtocolTemplate, validated_data: dict[str, Any]) -> ProtocolTemplate:
        return self._save(instance, validated_data)


class PlanTestCaseSerializer(ScopedModelSerializer):
    class Meta:
        model = PlanTestCase
        fields = [
            "id",
            "plan",
            "position",
            "title",
            "expected_result",
            "mandatory",
            "template",
            "result",
            "recorded_at",
            "recorded_by",
            "notes",
            "ticket",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "position",
            "template",
            "result",
            "recorded_at",
            "recorded_by",
            "notes",
            "ticket",
            "created_at",
            "updated_at",
        ]

    def create(self, validated_data: dict[str, Any]) -> PlanTestCase:
        return case_add(by=self.context["request"].user, **validated_data)


class FromTemplateSerializer(ScopedModelSerializer):
    """The plan (one the user sees) and the template whose cases it takes."""

    plan = serializers.PrimaryKeyRelatedField(queryset=ChangePlan.objects.all())
    template = serializers.PrimaryKeyRelatedField(queryset=ProtocolTemplate.objects.all())

    class Meta:
        model = PlanTestCase
        fields = ["plan", "template"]


class CaseResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=PlanTestCase.Result.choices)
    notes = serializers.CharField(
        max_length=limits.NOTE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="What happened (required for a fail) or why it was not run.",
    )


class CaseTicketSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.P3)

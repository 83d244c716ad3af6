"""Evaluation templates in the API: the template with its criteria, written together (the
criteria sent replace the template's; weights sum to 100, as in the form)."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from scorecards.models import Criterion, EvaluationTemplate, Method
from scorecards.services.templates import CriterionInput, template_save


class BandSerializer(serializers.Serializer):
    threshold = serializers.DecimalField(max_digits=12, decimal_places=3)
    score = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100)


class CriterionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="An existing criterion, kept with its manual scores.")
    bands = BandSerializer(many=True, required=False)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "area",
            "name",
            "weight",
            "method",
            "measure",
            "severity",
            "kpi",
            "rule",
            "floor",
            "target",
            "bands",
        ]


class EvaluationTemplateSerializer(ScopedModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = EvaluationTemplate
        fields = ["id", "name", "description", "criteria", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def _save(self, template: EvaluationTemplate, validated_data: dict[str, Any]) -> EvaluationTemplate:
        rows = validated_data.pop("criteria")
        for name, value in validated_data.items():
            setattr(template, name, value)
        criteria = [
            CriterionInput(
                id=row.get("id"),
                area=row["area"],
                name=row["name"],
                weight=row["weight"],
                method=row.get("method", Method.MEASURE),
                measure=row.get("measure", ""),
                severity=row.get("severity", ""),
                kpi_id=row["kpi"].pk if row.get("kpi") else None,
                rule=row.get("rule") or "linear",
                floor=row.get("floor"),
                target=row.get("target"),
                bands=[{"threshold": str(b["threshold"]), "score": str(b["score"])} for b in row.get("bands", [])],
            )
            for row in rows
        ]
        return template_save(template=template, criteria=criteria, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> EvaluationTemplate:
        return self._save(EvaluationTemplate(), validated_data)

    def update(self, instance: EvaluationTemplate, validated_data: dict[str, Any]) -> EvaluationTemplate:
        return self._save(instance, validated_data)

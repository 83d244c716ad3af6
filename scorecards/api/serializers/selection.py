"""Vendor selection in the API: selection templates with their criteria (written together,
weights summing to 100), projects with the side-by-side comparison, candidates, an evaluator's
scores, a candidate's five years of cost, the decision."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from scorecards.models import (
    Candidate,
    CandidateCost,
    CandidateScore,
    SelectionCriterion,
    SelectionProject,
    SelectionTemplate,
)
from scorecards.models.selection import COST, SCORE, YEARS
from scorecards.selectors.selection import SideBySide
from scorecards.services.selection import SelectionCriterionInput, candidate_save, selection_template_save


class SelectionCriterionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="An existing criterion, kept with its scores.")

    class Meta:
        model = SelectionCriterion
        fields = ["id", "area", "name", "weight", "guidance"]


class SelectionTemplateSerializer(ScopedModelSerializer):
    criteria = SelectionCriterionSerializer(many=True)

    class Meta:
        model = SelectionTemplate
        fields = ["id", "name", "description", "criteria", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def _save(self, template: SelectionTemplate, validated_data: dict[str, Any]) -> SelectionTemplate:
        rows = validated_data.pop("criteria")
        for name, value in validated_data.items():
            setattr(template, name, value)
        criteria = [
            SelectionCriterionInput(
                area=row["area"],
                name=row["name"],
                weight=row["weight"],
                guidance=row.get("guidance", ""),
                id=row.get("id"),
            )
            for row in rows
        ]
        return selection_template_save(template=template, criteria=criteria, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> SelectionTemplate:
        return self._save(SelectionTemplate(), validated_data)

    def update(self, instance: SelectionTemplate, validated_data: dict[str, Any]) -> SelectionTemplate:
        return self._save(instance, validated_data)


class SelectionProjectSerializer(ScopedModelSerializer):
    candidate_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SelectionProject
        fields = [
            "id",
            "name",
            "template",
            "vendor_kind",
            "currency",
            "requirements",
            "state",
            "candidate_count",
            "chosen",
            "rationale",
            "decided_on",
            "decided_by",
            "vendor",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "chosen",
            "rationale",
            "decided_on",
            "decided_by",
            "vendor",
            "created_at",
            "updated_at",
        ]


class CandidateSerializer(ScopedModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "project",
            "name",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "summary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Candidate:
        return candidate_save(candidate=Candidate(**validated_data), by=self.context["request"].user)

    def update(self, instance: Candidate, validated_data: dict[str, Any]) -> Candidate:
        validated_data.pop("project", None)  # a candidate stays in its selection
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return candidate_save(candidate=instance, by=self.context["request"].user)


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=SCORE.low, max_value=SCORE.high, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, allow_empty=False)


class CandidateScoreSerializer(serializers.ModelSerializer):
    evaluator_name = serializers.SerializerMethodField()

    class Meta:
        model = CandidateScore
        fields = ["criterion", "evaluator", "evaluator_name", "score", "note", "updated_at"]

    def get_evaluator_name(self, score: CandidateScore) -> str:
        return score.evaluator.get_full_name() or score.evaluator.username


class CostYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEARS.low, max_value=YEARS.high)
    licence = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=COST.low, max_value=COST.high, default=0
    )
    support = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=COST.low, max_value=COST.high, default=0
    )
    hardware = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=COST.low, max_value=COST.high, default=0
    )
    services = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=COST.low, max_value=COST.high, default=0
    )


class CostsInputSerializer(serializers.Serializer):
    years = CostYearSerializer(many=True)


class CandidateCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidateCost
        fields = ["year", "licence", "support", "hardware", "services"]


class SelectionDecisionSerializer(serializers.Serializer):
    chosen = serializers.IntegerField(help_text="A candidate of this selection.")
    rationale = serializers.CharField()
    decided_on = serializers.DateField()


class SideBySideCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()


class SideBySideCellSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    evaluators = serializers.IntegerField()


class SideBySideCostsSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.DictField(child=serializers.DecimalField(12, 2)))
    parts = serializers.DictField(child=serializers.DecimalField(14, 2))
    total = serializers.DecimalField(14, 2)
    quoted = serializers.BooleanField()


class SideBySideCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    scores = SideBySideCellSerializer(many=True)
    total = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    costs = SideBySideCostsSerializer()


class SideBySideSerializer(serializers.Serializer):
    """The comparison as the page shows it: per candidate the evaluators' mean per criterion, the
    weighted total and the five-year cost; ``leader`` the candidate with the highest total."""

    criteria = SideBySideCriterionSerializer(many=True)
    candidates = SideBySideCandidateSerializer(many=True)
    leader = serializers.IntegerField(allow_null=True)

    def to_representation(self, comparison: SideBySide) -> dict[str, Any]:
        return super().to_representation(self._as_dict(comparison))

    @staticmethod
    def _as_dict(comparison: SideBySide) -> dict[str, Any]:
        return {
            "criteria": [
                {
                    "id": row.criterion.pk,
                    "area": row.criterion.area,
                    "name": row.criterion.name,
                    "weight": row.criterion.weight,
                }
                for row in comparison.rows
            ],
            "candidates": [
                {
                    "id": candidate.pk,
                    "name": candidate.name,
                    "scores": [
                        {
                            "criterion": row.criterion.pk,
                            "mean": row.cells[index].score,
                            "evaluators": row.cells[index].evaluators,
                        }
                        for row in comparison.rows
                    ],
                    "total": total,
                    "costs": {"years": costs.years, "parts": costs.parts, "total": costs.total, "quoted": costs.quoted},
                }
                for index, (candidate, total, costs) in enumerate(comparison.columns)
            ],
            "leader": comparison.leader.pk if comparison.leader else None,
        }

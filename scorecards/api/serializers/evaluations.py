"""Evaluations in the API: read with their scorecard (live for a draft, the snapshot once
finalised); started with a vendor, template and period; steps take a few fields each."""

from typing import Any

from rest_framework import serializers

from core import limits
from scorecards.models import Evaluation, EvaluationTemplate, PeriodKind
from scorecards.models.evaluations import SCORE
from scorecards.selectors.evaluations import evaluation_scorecard
from vendors.models import Vendor


class EvaluationSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    period_end = serializers.DateField(read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "template",
            "period_kind",
            "period_start",
            "period_end",
            "period_label",
            "state",
            "total",
            "standing",
            "snapshot_sha256",
            "finalised_at",
            "shared_at",
            "closed_at",
        ]
        read_only_fields = fields


class CriterionResultSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    area = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()
    method = serializers.CharField()
    measure = serializers.CharField()
    unit = serializers.CharField()
    rule = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    inputs = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    score = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    justification = serializers.CharField()


class CriterionResponseSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    kind = serializers.CharField()
    comment = serializers.CharField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class EvaluationDetailSerializer(EvaluationSerializer):
    results = serializers.SerializerMethodField()
    unscored_weight = serializers.SerializerMethodField()
    recognition = serializers.SerializerMethodField()
    responses = CriterionResponseSerializer(many=True, read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "recognition", "unscored_weight", "results", "responses"]
        read_only_fields = fields

    def _card(self, evaluation: Evaluation) -> Any:
        cards = self.context.setdefault("cards", {})
        if evaluation.pk not in cards:
            cards[evaluation.pk] = evaluation_scorecard(evaluation)
        return cards[evaluation.pk]

    def get_results(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        return CriterionResultSerializer([vars(result) for result in self._card(evaluation).results], many=True).data

    def get_unscored_weight(self, evaluation: Evaluation) -> int:
        return self._card(evaluation).unscored_weight

    def get_recognition(self, evaluation: Evaluation) -> str:
        return evaluation.snapshot["recognition"] if evaluation.snapshot else evaluation.recognition


class EvaluationStartSerializer(serializers.Serializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    template = serializers.PrimaryKeyRelatedField(queryset=EvaluationTemplate.objects.all())
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    period_start = serializers.DateField(help_text="1 January, or the first day of a quarter.")


class ManualScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=SCORE.low, max_value=SCORE.high)
    justification = serializers.CharField(max_length=limits.NOTE_LENGTH)


class RespondSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["acknowledge", "appeal"])
    comment = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    response = serializers.IntegerField()
    answer = serializers.CharField(max_length=limits.NOTE_LENGTH)

"""Serializers of SLA annual reviews: the review (with its figures on a single review), a finding,
and concluding it."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from governance.models import ReviewFinding, ReviewOutcome, SlaReview
from governance.selectors.reviews import figures_of


class ReviewFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewFinding
        fields = ["id", "subject", "finding", "proposed_change", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"proposed_change": {"default": ""}}


class SlaReviewSerializer(ScopedModelSerializer):
    """An agreement's annual review; ``figures`` (on a single review) are live while it is open,
    as concluded afterwards."""

    findings = ReviewFindingSerializer(many=True, read_only=True)
    figures = serializers.SerializerMethodField()
    # Empty until the review is concluded.
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = SlaReview
        fields = [
            "id",
            "vendor",
            "agreement",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "outcome",
            "decisions",
            "new_agreement",
            "concluded_at",
            "findings",
            "figures",
        ]
        read_only_fields = fields

    def get_figures(self, review: SlaReview) -> dict[str, Any] | None:
        return figures_of(review) if self.context.get("with_figures") else None


class ReviewConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    decisions = serializers.CharField()
    new_version_from = serializers.DateField(required=False, allow_null=True, default=None)

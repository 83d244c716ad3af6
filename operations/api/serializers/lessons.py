"""Lessons learned in the API: a review with its actions (read here; added by their own route),
and the bodies of its routes. Writes go through ``operations.services.lessons``."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from operations.forms.plans import MAX_ID
from operations.models import LessonAction, LessonsReview
from operations.services.lessons import lessons_save


class LessonActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = LessonAction
        fields = ["id", "description", "side", "owner_name", "due_date", "status", "done_at"]
        read_only_fields = ["id", "status", "done_at"]


class LessonsReviewSerializer(ScopedModelSerializer):
    actions = LessonActionSerializer(many=True, read_only=True)

    class Meta:
        model = LessonsReview
        fields = [
            "id",
            "vendor",
            "plan",
            "held_on",
            "went_well",
            "went_badly",
            "written_by",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["vendor", "written_by", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["plan"].read_only = True  # a review stays with its change
        return fields

    def _save(self, review: LessonsReview, validated_data: dict[str, Any]) -> LessonsReview:
        for name, value in validated_data.items():
            setattr(review, name, value)
        return lessons_save(review=review, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> LessonsReview:
        return self._save(LessonsReview(), validated_data)

    def update(self, instance: LessonsReview, validated_data: dict[str, Any]) -> LessonsReview:
        return self._save(instance, validated_data)


class ActionDoneSerializer(serializers.Serializer):
    action = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the review's action.")

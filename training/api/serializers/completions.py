from rest_framework import serializers

from core import limits
from training.models import Completion


class CompletionSerializer(serializers.ModelSerializer):
    """A completion as vendors may see it too: the person's name and profession only."""

    person_name = serializers.CharField(source="person.name", read_only=True)
    profession = serializers.CharField(source="person.profession", read_only=True)

    class Meta:
        model = Completion
        fields = ["id", "course", "person_name", "profession", "completed_on", "source", "created_at"]
        read_only_fields = fields


class CompletionItemSerializer(serializers.Serializer):
    """One completion of ``POST /api/v1/training-completions/``: the course, the person by staff
    number or email (as the e-learning platform knows them), and the day."""

    course = serializers.IntegerField(min_value=1, help_text="The course's id.")
    staff_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    completed_on = serializers.DateField(help_text="The day, e.g. 2026-03-14.")

    def validate_completed_on(self, value: object) -> object:
        if value not in limits.DATES:
            raise serializers.ValidationError(f"Give a day {limits.DATES}.")
        return value


class CompletionBatchSerializer(serializers.Serializer):
    completions = CompletionItemSerializer(many=True, allow_empty=False, max_length=20_000)


class RecordedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Completions stored.")
    already_recorded = serializers.IntegerField(help_text="Items that were stored before (same person, course, day).")

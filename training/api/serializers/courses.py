from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from training.models import Course


class CourseSerializer(ScopedModelSerializer):
    """A course. Vendor users' courses are always their own vendor's (``vendor`` is ignored)."""

    material_count = serializers.IntegerField(read_only=True)
    completion_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "vendor",
            "components",
            "release",
            "audience",
            "delivery",
            "duration_minutes",
            "prerequisites",
            "has_quiz",
            "quiz_pass_mark",
            "description",
            "active",
            "material_count",
            "completion_count",
            "created_at",
            "updated_at",
        ]

from core.api.serializers import ScopedModelSerializer
from training.models import Requirement


class RequirementSerializer(ScopedModelSerializer):
    class Meta:
        model = Requirement
        fields = [
            "id",
            "profession",
            "course",
            "level",
            "due_within_days",
            "refresher_months",
            "deadline",
            "effective_from",
            "note",
            "created_at",
            "updated_at",
        ]

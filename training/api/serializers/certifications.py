from django.utils import timezone
from rest_framework import serializers

from accounts.models import StaffMember
from core.api.serializers import ScopedModelSerializer
from training.models import Certification, CertificationKind, CertificationState


class CertificationKindSerializer(ScopedModelSerializer):
    class Meta:
        model = CertificationKind
        fields = [
            "id",
            "name",
            "vendor",
            "validity_months",
            "internal_trainer",
            "description",
            "active",
            "created_at",
            "updated_at",
        ]


class CertificationSerializer(ScopedModelSerializer):
    """A certification as its issuing vendor may see it too: the holder's name and profession
    only. ``expires_on`` follows from the kind; the evidence is uploaded in the hospital UI."""

    person = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(), write_only=True, help_text="The holder (staff directory id)."
    )
    person_name = serializers.CharField(source="person.name", read_only=True)
    profession = serializers.CharField(source="person.profession", read_only=True)
    state = serializers.SerializerMethodField()
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = [
            "id",
            "person",
            "person_name",
            "profession",
            "kind",
            "earned_on",
            "expires_on",
            "state",
            "has_evidence",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["expires_on"]

    def get_state(self, certification: Certification) -> CertificationState:
        return certification.state(timezone.localdate())

    def get_has_evidence(self, certification: Certification) -> bool:
        return bool(certification.evidence)

    def validate(self, attrs: dict) -> dict:
        # The service sets expires_on and checks the rest (ScopedModelSerializer's model check
        # would judge the row before it has its last valid day).
        return attrs

from django.utils import timezone
from rest_framework import serializers

from compliance.breach_clocks import Clock
from compliance.models import SecurityIncident, SecurityIncidentUpdate
from core import limits
from core.api.fields import InstantField
from core.api.serializers import ScopedModelSerializer


class BreachClockSerializer(serializers.Serializer):
    """One notification clock as it stands when read."""

    key = serializers.CharField()
    label = serializers.CharField()
    started_at = serializers.DateTimeField()
    hours = serializers.IntegerField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    state = serializers.SerializerMethodField()

    def get_state(self, clock: Clock) -> str:
        return clock.state(timezone.now()).value


class SecurityIncidentSerializer(ScopedModelSerializer):
    """An incident as read, and as reported (vendor tokens: the vendor tells us now; the clocks'
    instants other than the vendor's awareness are the hospital's to record)."""

    clocks = BreachClockSerializer(many=True, read_only=True)

    class Meta:
        model = SecurityIncident
        fields = [
            "id",
            "vendor",
            "title",
            "kind",
            "severity",
            "status",
            "components",
            "description",
            "data_affected",
            "patients_affected",
            "occurred_at",
            "vendor_aware_at",
            "reported_at",
            "hospital_aware_at",
            "vendor_deadline_hours",
            "authority_notified_at",
            "authority_reference",
            "clocks",
            "closed_at",
            "root_cause",
            "lessons_learned",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "vendor_deadline_hours",
            "authority_notified_at",
            "authority_reference",
            "closed_at",
            "root_cause",
            "lessons_learned",
        ]
        extra_kwargs = {"hospital_aware_at": {"required": False}}


class SecurityIncidentUpdateSerializer(ScopedModelSerializer):
    class Meta:
        model = SecurityIncidentUpdate
        fields = ["id", "incident", "kind", "at", "author", "body"]
        read_only_fields = fields


class IncidentUpdatePostSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=limits.MESSAGE_LENGTH)
    status = serializers.ChoiceField(
        choices=[SecurityIncident.Status.SUSPECTED, SecurityIncident.Status.CONFIRMED], required=False, default=""
    )


class IncidentNotifiedSerializer(serializers.Serializer):
    which = serializers.ChoiceField(choices=["vendor", "authority"])
    at = InstantField()
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class IncidentCloseSerializer(serializers.Serializer):
    root_cause = serializers.CharField(max_length=limits.MESSAGE_LENGTH)
    lessons_learned = serializers.CharField(
        max_length=limits.MESSAGE_LENGTH, required=False, allow_blank=True, default=""
    )

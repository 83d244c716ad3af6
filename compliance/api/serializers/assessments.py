from rest_framework import serializers

from compliance.models import Assessment, Finding
from core import limits
from core.api.serializers import ScopedModelSerializer


class AssessmentSerializer(ScopedModelSerializer):
    report = serializers.FileField(write_only=True, required=False)
    report_filename = serializers.CharField(read_only=True)
    finding_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "vendor",
            "kind",
            "title",
            "planned_on",
            "performed_on",
            "scope",
            "hospital_participants",
            "vendor_participants",
            "report",
            "report_filename",
            "finding_count",
            "open_count",
            "overdue_count",
            "created_at",
            "updated_at",
        ]


class FindingSerializer(ScopedModelSerializer):
    """A finding as read, and as recorded by a hospital admin (``due_on`` follows from the
    severity; the answer and the retest have their own routes)."""

    class Meta:
        model = Finding
        fields = [
            "id",
            "assessment",
            "title",
            "description",
            "severity",
            "cvss_score",
            "reported_on",
            "due_on",
            "remediation_owner",
            "status",
            "vendor_response",
            "responded_at",
            "responded_by",
            "retest_result",
            "retest_notes",
            "retested_on",
            "created_at",
        ]
        read_only_fields = [
            "due_on",
            "status",
            "vendor_response",
            "responded_at",
            "responded_by",
            "retest_result",
            "retest_notes",
            "retested_on",
        ]


class FindingAnswerSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=limits.MESSAGE_LENGTH)


class FindingRetestSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)

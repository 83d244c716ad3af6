from rest_framework import serializers

from compliance.models import AccessLogEntry, RemoteAccessSession
from core import limits
from core.api.fields import InstantField
from core.api.serializers import ScopedModelSerializer


class RemoteAccessSessionSerializer(ScopedModelSerializer):
    """A session as read, and as requested (its decision and use have their own routes)."""

    flagged = serializers.BooleanField(read_only=True)

    class Meta:
        model = RemoteAccessSession
        fields = [
            "id",
            "vendor",
            "engineer",
            "reason",
            "components",
            "ticket",
            "change_link",
            "method",
            "planned_start",
            "planned_end",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "started_at",
            "ended_at",
            "source_ip",
            "summary",
            "flagged",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "started_at",
            "ended_at",
            "source_ip",
            "summary",
        ]


class SessionDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")


class SessionStartSerializer(serializers.Serializer):
    at = InstantField()
    source_ip = serializers.IPAddressField(required=False, allow_null=True, default=None)


class SessionEndSerializer(serializers.Serializer):
    at = InstantField()
    summary = serializers.CharField(max_length=limits.MESSAGE_LENGTH)


class AccessLogEntrySerializer(ScopedModelSerializer):
    class Meta:
        model = AccessLogEntry
        fields = [
            "id", "at", "vendor", "user", "actor", "system", "action", "source_ip", "session", "detail",
            "method", "path", "status",
        ]  # fmt: skip
        read_only_fields = ["user", "method", "path", "status"]


class AccessLogPushSerializer(serializers.Serializer):
    """What the remote-access gateway pushes: up to 1,000 entries at once."""

    entries = AccessLogEntrySerializer(many=True, allow_empty=False, max_length=1000)

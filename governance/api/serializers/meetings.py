"""Serializers of meetings (with their agenda and minutes), decisions, meeting actions and the
register's rows."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from governance.models import ActionItem, ActionStatus, Decision, Meeting, MinuteNote
from governance.selectors.agenda import agenda_of


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MinuteNote
        fields = ["id", "item_key", "text", "internal", "created_at"]


class DecisionSerializer(ScopedModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "vendor", "meeting", "text", "created_at"]
        read_only_fields = fields


class ActionSerializer(ScopedModelSerializer):
    """A meeting action; created in a started meeting's minutes (``meeting``), by the roles that
    keep minutes. Its side follows its owner."""

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "vendor",
            "meeting",
            "description",
            "owner_user",
            "owner_contact",
            "side",
            "due_date",
            "status",
            "done_at",
        ]
        read_only_fields = ["id", "vendor", "side", "status", "done_at"]
        extra_kwargs = {"due_date": {"required": False, "allow_null": True}}


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class MeetingSerializer(ScopedModelSerializer):
    """A meeting; on a single meeting its ``agenda`` (frozen once started, else built now) and
    its minutes as the caller may see them (vendor users: no internal notes)."""

    title = serializers.CharField(source="series.title", read_only=True)
    kind = serializers.CharField(source="series.kind", read_only=True)
    agenda = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "series",
            "vendor",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "status",
            "agenda_frozen_at",
            "agenda",
            "notes",
            "decisions",
            "actions",
        ]
        read_only_fields = fields

    def get_agenda(self, meeting: Meeting) -> dict[str, Any] | None:
        return agenda_of(meeting) if self.context.get("with_agenda") or meeting.is_frozen else None

    def get_notes(self, meeting: Meeting) -> list[dict[str, Any]]:
        return NoteSerializer(meeting.notes.all(), many=True).data  # prefetched through visible_to

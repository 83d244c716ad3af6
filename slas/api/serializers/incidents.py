"""Incidents with their review, follow-up actions, linked tickets and discussion. Every write goes
through ``slas.services.incidents``; a refusal there is a 400 with the field it concerns."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import limits
from core.api.fields import InstantField
from core.api.serializers import ScopedModelSerializer
from slas.models import FollowUpAction, Incident, IncidentComment, IncidentReview
from slas.services import incidents as services


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentReview
        fields = ["root_cause", "what_worked", "what_to_change", "status", "completed_at", "updated_at"]
        read_only_fields = ["completed_at", "updated_at"]


class ReviewWriteSerializer(serializers.Serializer):
    """``PUT .../review/``: texts not sent keep their current value; ``status`` is required."""

    root_cause = serializers.CharField(required=False, allow_blank=True, max_length=limits.MESSAGE_LENGTH)
    what_worked = serializers.CharField(required=False, allow_blank=True, max_length=limits.MESSAGE_LENGTH)
    what_to_change = serializers.CharField(required=False, allow_blank=True, max_length=limits.MESSAGE_LENGTH)
    status = serializers.ChoiceField(choices=IncidentReview.Status.choices)


class FollowUpSerializer(ScopedModelSerializer):
    owner_label = serializers.CharField(read_only=True)

    class Meta:
        model = FollowUpAction
        fields = ["id", "description", "owner", "owner_name", "owner_label", "due_date", "status", "done_at"]
        read_only_fields = ["done_at"]


class FollowUpUpdateSerializer(FollowUpSerializer):
    class Meta(FollowUpSerializer.Meta):
        extra_kwargs = {"description": {"required": False}}


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    author_is_vendor = serializers.SerializerMethodField()

    class Meta:
        model = IncidentComment
        fields = ["id", "author", "author_is_vendor", "body", "proposes_root_cause", "created_at"]
        read_only_fields = ["created_at"]

    def get_author_is_vendor(self, comment: IncidentComment) -> bool:
        return bool(comment.author and comment.author.is_vendor_user)


class CommentWriteSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=limits.MESSAGE_LENGTH)
    proposes_root_cause = serializers.BooleanField(required=False, default=False)


class CloseSerializer(serializers.Serializer):
    ended_at = InstantField(required=False, allow_null=True, help_text="Default: now.")


class IncidentSerializer(ScopedModelSerializer):
    """An incident with its nested review and follow-ups (read-only here: they have their own
    routes) and the ids of the tickets linked to it."""

    is_open = serializers.BooleanField(read_only=True)
    duration_minutes = serializers.SerializerMethodField()
    review = ReviewSerializer(read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    tickets = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "vendor",
            "components",
            "title",
            "impact",
            "started_at",
            "ended_at",
            "is_open",
            "duration_minutes",
            "detected_by",
            "cause_category",
            "vendor_attributable",
            "summary",
            "reported_by",
            "review",
            "follow_ups",
            "tickets",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reported_by", "created_at", "updated_at"]

    def get_duration_minutes(self, incident: Incident) -> int | None:
        """Wall-clock minutes from start to end, or to now while ongoing."""
        duration = getattr(incident, "duration", None)
        return None if duration is None else int(duration.total_seconds() // 60)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_tickets(self, incident: Incident) -> list[int]:
        tickets = getattr(incident, "visible_tickets", None)
        if tickets is None:  # not loaded by the list's prefetch (e.g. a freshly saved incident)
            request = self.context.get("request")
            tickets = incident.tickets.visible_to(getattr(request, "user", None)).only("id")
        return [ticket.pk for ticket in tickets]

    def _save(self, incident: Incident, data: dict[str, Any]) -> Incident:
        components = data.pop("components", None)
        for name, value in data.items():
            setattr(incident, name, value)
        if components is None:  # not sent (PATCH): keep the incident's components
            components = list(incident.components.all()) if incident.pk else []
        request = self.context.get("request")
        return services.incident_save(incident=incident, components=components, actor=getattr(request, "user", None))

    def create(self, validated_data: dict[str, Any]) -> Incident:
        return self._save(Incident(), validated_data)

    def update(self, instance: Incident, validated_data: dict[str, Any]) -> Incident:
        return self._save(instance, validated_data)

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from core import limits
from core.api.fields import InstantField
from core.api.serializers import ScopedModelSerializer
from slas.models import Metric, Severity
from tickets.models import RATING_SCORE, TICKET_INPUT_FIELDS, HistoryImport, SlaClock, Ticket, TicketMessage
from tickets.services.clocks import consumed_until


class ClockSerializer(serializers.ModelSerializer):
    class Meta:
        model = SlaClock
        fields = ["state", "due_at", "met_at", "breached_at", "consumed_seconds", "target_seconds"]


class TicketSerializer(ScopedModelSerializer):
    """The ticket contract other tools rely on: due instants in ISO 8601 with offset (null when
    the clock is not running) and one ``sla`` object per metric."""

    response_due_at = serializers.SerializerMethodField()
    resolution_due_at = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField()
    opened_at = InstantField(required=False)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "vendor",
            "component",
            "severity",
            "tier",
            "title",
            "description",
            "status",
            "reporter",
            "assignee_contact",
            "incident",
            "sites_affected",
            "modalities_affected",
            "studies_delayed",
            "downtime_procedure_invoked",
            "patient_safety_risk",
            "agreement",
            "opened_at",
            "responded_at",
            "resolved_at",
            "closed_at",
            "response_due_at",
            "resolution_due_at",
            "sla",
        ]
        read_only_fields = ["tier", "status", "reporter", "agreement", "responded_at", "resolved_at", "closed_at"]

    def _clocks(self, ticket: Ticket) -> dict[str, SlaClock]:
        # Three fields read the clocks; map them once per ticket.
        if not hasattr(ticket, "_clock_map"):
            ticket._clock_map = {clock.metric: clock for clock in ticket.clocks.all()}
        return ticket._clock_map

    def _running_due(self, ticket: Ticket, metric: str) -> str | None:
        clock = self._clocks(ticket).get(metric)
        if clock is None or clock.state != SlaClock.State.RUNNING or clock.due_at is None:
            return None
        return serializers.DateTimeField().to_representation(clock.due_at)

    def get_response_due_at(self, ticket: Ticket) -> str | None:
        return self._running_due(ticket, Metric.RESPONSE)

    def get_resolution_due_at(self, ticket: Ticket) -> str | None:
        return self._running_due(ticket, Metric.RESOLUTION)

    @extend_schema_field(
        inline_serializer(
            name="TicketSla", fields={metric: ClockSerializer(required=False) for metric in Metric.values}
        )
    )
    def get_sla(self, ticket: Ticket) -> dict[str, Any]:
        """Each clock as of the request: a running clock's ``consumed_seconds`` counts the
        business time up to now, not only what it had banked at its last pause."""
        # Plain dicts: a serializer instance per clock would rebuild its fields 100 times a page.
        instant = serializers.DateTimeField()
        now = timezone.now()

        def when(value: object) -> str | None:
            return instant.to_representation(value) if value else None

        return {
            metric: {
                "state": clock.state,
                "due_at": when(clock.due_at),
                "met_at": when(clock.met_at),
                "breached_at": when(clock.breached_at),
                "consumed_seconds": round(consumed_until(clock, now), 1),
                "target_seconds": clock.target_seconds,
            }
            for metric, clock in self._clocks(ticket).items()
        }


class TicketCreateSerializer(ScopedModelSerializer):
    severity = serializers.ChoiceField(choices=Severity.choices)
    opened_at = InstantField(required=False)

    class Meta:
        model = Ticket
        fields = [*TICKET_INPUT_FIELDS, "opened_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        component = attrs.get("component")
        if component is not None and component.vendor_id != attrs["vendor"].pk:
            raise serializers.ValidationError({"component": "This component belongs to another vendor."})
        contact = attrs.get("assignee_contact")
        if contact is not None and contact.vendor_id != attrs["vendor"].pk:
            raise serializers.ValidationError({"assignee_contact": "This contact belongs to another vendor."})
        incident = attrs.get("incident")
        if incident is not None and incident.vendor_id != attrs["vendor"].pk:
            raise serializers.ValidationError({"incident": "This incident belongs to another vendor."})
        return attrs


class ActionSerializer(serializers.Serializer):
    at = InstantField(required=False, help_text="Past instant, for hospital admins importing history.")


class ReasonActionSerializer(ActionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)


class RespondSerializer(ActionSerializer):
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.MESSAGE_LENGTH)


class ResolveSerializer(ActionSerializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.MESSAGE_LENGTH)


class RateSerializer(ActionSerializer):
    score = serializers.IntegerField(min_value=RATING_SCORE.low, max_value=RATING_SCORE.high)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE_LENGTH)


class SeveritySerializer(ActionSerializer):
    severity = serializers.ChoiceField(choices=Severity.choices)


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketMessage
        fields = ["id", "author", "body", "internal", "at"]
        read_only_fields = ["author", "at"]


class MessageWriteSerializer(serializers.Serializer):
    """A message to the thread; ``files`` as multipart parts of that name (one or more)."""

    body = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line of the file (1 is the header; 0 the file as a whole).")
    message = serializers.CharField()


class HistoryImportSummarySerializer(serializers.ModelSerializer):
    """A history import job: where it is (``status``, ``rows_done`` of ``rows_total``: rows
    checked while validating, imported while importing), then what came of it: ``imported``
    tickets, or ``error_count`` bad rows (nothing imported; the job's own URL lists them), or
    ``failure`` when the job itself stopped."""

    url = serializers.HyperlinkedIdentityField(view_name="api:ticket-import-detail")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    error_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = HistoryImport
        fields = [
            "id",
            "url",
            "status",
            "status_label",
            "filename",
            "size_bytes",
            "rows_total",
            "rows_done",
            "imported",
            "error_count",
            "failure",
            "started_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class HistoryImportSerializer(HistoryImportSummarySerializer):
    """One job, with every bad row of its file."""

    errors = serializers.SerializerMethodField()

    class Meta(HistoryImportSummarySerializer.Meta):
        fields = [*HistoryImportSummarySerializer.Meta.fields, "errors"]
        read_only_fields = fields

    @extend_schema_field(ImportErrorSerializer(many=True))
    def get_errors(self, job: HistoryImport) -> list[dict[str, Any]]:
        return [{"line": line, "message": message} for line, message in job.errors]

"""A change plan's integration checks in the API: the latest batch (one probe run per probe of the
interfaces touching the plan's component, as ``kpis`` records it) and the answer to asking for a
new batch."""

from rest_framework import serializers

from kpis.api.serializers.probes import ProbeRunSerializer
from operations.models import PlanIntegrationCheck


class PlanIntegrationCheckSerializer(serializers.ModelSerializer):
    probe = serializers.IntegerField(source="probe_run.probe_id", read_only=True)
    probe_name = serializers.CharField(source="probe_run.probe.name", read_only=True)
    probe_kind = serializers.CharField(source="probe_run.probe.kind", read_only=True)
    interface = serializers.IntegerField(source="probe_run.probe.interface_id", read_only=True, allow_null=True)
    interface_name = serializers.CharField(
        source="probe_run.probe.interface.name", read_only=True, allow_null=True, default=None
    )
    requested_by = serializers.CharField(
        source="requested_by.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Who asked for the batch; null when the user is gone.",
    )
    run = ProbeRunSerializer(source="probe_run", read_only=True)

    class Meta:
        model = PlanIntegrationCheck
        fields = [
            "id",
            "checked_at",
            "requested_by",
            "probe",
            "probe_name",
            "probe_kind",
            "interface",
            "interface_name",
            "run",
        ]
        read_only_fields = fields


class IntegrationChecksQueuedSerializer(serializers.Serializer):
    probes = serializers.IntegerField(help_text="How many probes the worker will run.")
    detail = serializers.CharField()


class IntegrationChecksRefusedSerializer(serializers.Serializer):
    non_field_errors = serializers.ListField(child=serializers.CharField(), help_text="Why nothing was queued.")

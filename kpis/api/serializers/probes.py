"""Probes and their runs in the API. The REST password is write-only: responses say only
``has_rest_password``. Leaving it out (or sending it blank) keeps the stored one;
``clear_rest_password: true`` removes it."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from core.roles import is_vendor_user
from kpis.models import PROBE_INPUT_FIELDS, Probe, ProbeRun
from kpis.selectors.probes import open_incident_id, probe_status
from kpis.services.probe_config import probe_save

PASSWORD_FIELDS = ("rest_password", "clear_rest_password")


# What a vendor user does not get to see of a probe of theirs (the credentials we use).
HOSPITAL_ONLY_FIELDS = ("rest_username", "has_rest_password")


class CheckResultSerializer(serializers.Serializer):
    check = serializers.CharField(
        help_text="echo, find, get or statistics (DICOM probes); hl7_ack (HL7 v2 probes); tcp, tls; "
        "qido, wado (DICOMweb probes); fhir_metadata, fhir_search (FHIR probes)."
    )
    ok = serializers.BooleanField()
    skipped = serializers.BooleanField(required=False, help_text="Not attempted because echo failed.")
    started_at = serializers.DateTimeField()
    duration_ms = serializers.FloatField(allow_null=True, help_text="Set when the check succeeded.")
    reason = serializers.CharField(allow_blank=True, help_text="Why it failed, in words.")
    values = serializers.DictField(
        required=False,
        help_text="What the check read: statistics (storage used, study count); the HL7 ACK's code and control ID.",
    )


class ProbeRunSerializer(serializers.ModelSerializer):
    results = CheckResultSerializer(many=True, read_only=True)

    class Meta:
        model = ProbeRun
        fields = ["id", "started_at", "reachable", "ok", "results"]
        read_only_fields = fields


class LastRunSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField()
    ok = serializers.BooleanField(help_text="Every check succeeded.")
    results = CheckResultSerializer(many=True)


class ProbeSerializer(ScopedModelSerializer):
    rest_password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        allow_null=True,
        trim_whitespace=False,
        max_length=Probe._meta.get_field("rest_password").max_length,
        help_text="Write-only. Omitted or blank keeps the stored password.",
        style={"input_type": "password"},
    )
    clear_rest_password = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Remove the stored password."
    )
    has_rest_password = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text="reachable, partial, failing or never.")
    status_label = serializers.SerializerMethodField(help_text="The status in words, e.g. “Failing since …”.")
    open_incident = serializers.SerializerMethodField(help_text="The ongoing incident this probe opened.")
    last_run = serializers.SerializerMethodField()
    # Documented, but vendor users never get them (to_representation): not required in the schema.
    fields_not_always_present = HOSPITAL_ONLY_FIELDS

    class Meta:
        model = Probe
        fields = [
            "id",
            *PROBE_INPUT_FIELDS,
            "rest_password",
            "clear_rest_password",
            "has_rest_password",
            "status",
            "status_label",
            "consecutive_failures",
            "failing_since",
            "open_incident",
            "last_run",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["consecutive_failures", "failing_since", "created_at", "updated_at"]
        # A DICOMweb or FHIR probe's host and port are its base URL's (kpis.services.probe_config).
        extra_kwargs = {
            "host": {"required": False, "allow_blank": True, "help_text": "Not for HTTP probes: the base URL's."},
            "port": {"required": False, "help_text": "Not for HTTP probes (DICOMweb, FHIR): the base URL's."},
        }

    def get_has_rest_password(self, probe: Probe) -> bool:
        return bool(probe.rest_password)

    def get_status(self, probe: Probe) -> str:
        return probe_status(probe).key

    def get_status_label(self, probe: Probe) -> str:
        return probe_status(probe).label

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_open_incident(self, probe: Probe) -> int | None:
        return open_incident_id(probe)

    @extend_schema_field(LastRunSerializer(allow_null=True))
    def get_last_run(self, probe: Probe) -> dict[str, Any] | None:
        started_at = getattr(probe, "last_started_at", None)
        if started_at is None:
            return None
        return LastRunSerializer({"started_at": started_at, "ok": probe.last_ok, "results": probe.last_results}).data

    def to_representation(self, instance: Probe) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and is_vendor_user(request.user):
            for name in HOSPITAL_ONLY_FIELDS:
                data.pop(name, None)
        return data

    def _save(self, probe: Probe, validated_data: dict[str, Any]) -> Probe:
        password = {name: validated_data.pop(name, None) for name in PASSWORD_FIELDS}
        for name, value in validated_data.items():
            setattr(probe, name, value)
        return probe_save(
            probe=probe,
            rest_password=password["rest_password"] or None,
            clear_rest_password=bool(password["clear_rest_password"]),
        )

    def create(self, validated_data: dict[str, Any]) -> Probe:
        return self._save(Probe(), validated_data)

    def update(self, instance: Probe, validated_data: dict[str, Any]) -> Probe:
        return self._save(instance, validated_data)

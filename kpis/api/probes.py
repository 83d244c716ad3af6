"""``/api/v1/probes/``: PACS probes (read by hospital users and, for their own vendor, vendor
users; added and changed by hospital admins through ``probe_save``), their runs newest first
(``/runs/``) and "run now" (``POST /run/``, queued for a worker: 202).

The REST password is write-only: responses say only ``has_rest_password``. Leaving it out (or
sending it blank) keeps the stored one; ``clear_rest_password: true`` removes it."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from kombu.exceptions import OperationalError
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.serializers import ScopedModelSerializer
from core.api.viewsets import ScopedModelViewSet
from core.roles import is_vendor_user
from kpis.models import PROBE_INPUT_FIELDS, Probe, ProbeRun
from kpis.probe_filters import ProbeFilterSet
from kpis.probe_selectors import open_incident_id, probe_list, probe_runs, probe_status
from kpis.services.probe_config import probe_run_queue, probe_save

PASSWORD_FIELDS = ("rest_password", "clear_rest_password")
# What a vendor user does not get to see of a probe of theirs (the credentials we use).
HOSPITAL_ONLY_FIELDS = ("rest_username", "has_rest_password")


def _api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class CheckResultSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="echo, find, get or statistics.")
    ok = serializers.BooleanField()
    skipped = serializers.BooleanField(required=False, help_text="Not attempted because echo failed.")
    started_at = serializers.DateTimeField()
    duration_ms = serializers.FloatField(allow_null=True, help_text="Set when the check succeeded.")
    reason = serializers.CharField(allow_blank=True, help_text="Why it failed, in words.")
    values = serializers.DictField(required=False, help_text="Statistics read (storage used, study count).")


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
        try:
            return probe_save(
                probe=probe,
                rest_password=password["rest_password"] or None,
                clear_rest_password=bool(password["clear_rest_password"]),
            )
        except DjangoValidationError as error:
            raise _api_error(error) from error

    def create(self, validated_data: dict[str, Any]) -> Probe:
        return self._save(Probe(), validated_data)

    def update(self, instance: Probe, validated_data: dict[str, Any]) -> Probe:
        return self._save(instance, validated_data)


class QueueUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "queue_unavailable"
    default_detail = "The task queue cannot be reached right now; the probe will run at its next interval."


class RunCursorPagination(CursorPagination):
    """Newest first by a cursor: a probe that runs every minute has half a million runs a year."""

    ordering = ("-started_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ProbeViewSet(ScopedModelViewSet):
    """PACS probes with their status and latest run. Filters: ``vendor``, ``component``,
    ``active``, ``status`` (reachable, partial, failing, never), ``q``. Probes are not deleted
    (their runs are measurements): make one inactive with ``active: false``."""

    queryset = probe_list()
    serializer_class = ProbeSerializer
    filterset_class = ProbeFilterSet
    ordering_fields = ["name", "interval_minutes", "consecutive_failures", "last_started_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(responses=ProbeRunSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=RunCursorPagination)
    def runs(self, request: Request, pk: str | None = None) -> Response:
        """The probe's runs, newest first, by cursor; each check with its time or its reason."""
        page = self.paginate_queryset(probe_runs(self.get_object()))
        return self.get_paginated_response(ProbeRunSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={
            202: OpenApiResponse(description="Queued: a worker runs the probe in a moment; see /runs/."),
            400: OpenApiResponse(description="The probe is inactive."),
            503: OpenApiResponse(description="The task queue cannot be reached."),
        },
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Run the probe now (hospital admins): queued for a worker, answered 202."""
        probe = self.get_object()
        try:
            with transaction.atomic():
                probe_run_queue(probe=probe)
        except DjangoValidationError as error:
            raise _api_error(error) from error
        except OperationalError as error:
            raise QueueUnavailable from error
        return Response({"detail": "Run queued.", "probe": probe.pk}, status=status.HTTP_202_ACCEPTED)

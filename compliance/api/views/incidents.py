"""``/api/v1/security-incidents/``: vendor tokens report their own and post ``updates/``; hospital
admins record incidents, post updates (confirming them), record the ``notified/`` instants that
stop the clocks and ``close/`` them. Each incident carries its two clocks as they stand."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from compliance.api.serializers.incidents import (
    IncidentCloseSerializer,
    IncidentNotifiedSerializer,
    IncidentUpdatePostSerializer,
    SecurityIncidentSerializer,
    SecurityIncidentUpdateSerializer,
)
from compliance.filters.incidents import SecurityIncidentFilterSet
from compliance.selectors.incidents import incident_detail, incident_timeline
from compliance.services.incidents import (
    incident_close,
    incident_notification_record,
    incident_report,
    incident_update_post,
)
from core.api.viewsets import ScopedModelViewSet


class SecurityIncidentViewSet(ScopedModelViewSet):
    queryset = incident_detail()
    write_action = "compliance.incident_report"
    permission_actions = {
        "updates": "compliance.incident_update",
        "notified": "compliance.incident_manage",
        "close": "compliance.incident_manage",
    }
    serializer_class = SecurityIncidentSerializer
    filterset_class = SecurityIncidentFilterSet
    ordering_fields = ["hospital_aware_at", "vendor_aware_at", "severity"]
    ordering = ["-hospital_aware_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer: BaseSerializer) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        data["components"] = list(data.get("components", []))
        with self._audited():
            serializer.instance = incident_report(actor=self.request.user, **data)
        self._reload(serializer)

    def _fresh(self, pk: int) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=IncidentUpdatePostSerializer, responses=SecurityIncidentUpdateSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def updates(self, request: Request, pk: str | None = None) -> Response:
        """The timeline (GET); POST adds an update (hospital admins may confirm the incident with it)."""
        incident = self.get_object()
        if request.method == "POST":
            serializer = IncidentUpdatePostSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            with self._audited():
                incident_update_post(incident=incident, actor=request.user, **serializer.validated_data)
        timeline = incident_timeline(incident, user=request.user)
        return Response(SecurityIncidentUpdateSerializer(timeline, many=True).data)

    @extend_schema(request=IncidentNotifiedSerializer, responses=SecurityIncidentSerializer)
    @action(detail=True, methods=["post"])
    def notified(self, request: Request, pk: str | None = None) -> Response:
        """Record when the vendor told us, or when we told the authority: the clock stops."""
        incident = self.get_object()
        serializer = IncidentNotifiedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            incident_notification_record(incident=incident, actor=request.user, **serializer.validated_data)
        return self._fresh(incident.pk)

    @extend_schema(request=IncidentCloseSerializer, responses=SecurityIncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the incident with its root cause and the lessons learned."""
        incident = self.get_object()
        serializer = IncidentCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            incident_close(incident=incident, actor=request.user, **serializer.validated_data)
        return self._fresh(incident.pk)

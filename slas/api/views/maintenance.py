"""``/api/v1/maintenance-windows/``: list, announce, retrieve, change the plan; POST routes to
approve, reject, record actual times and cancel. Vendor tokens announce and change their own
vendor's windows; hospital admins decide and record."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers.maintenance import (
    ActualsSerializer,
    ApproveSerializer,
    MaintenanceWindowSerializer,
    RejectSerializer,
)
from slas.filters.maintenance import MaintenanceWindowFilterSet
from slas.selectors.maintenance import maintenance_compliance, maintenance_list
from slas.services import maintenance as services


class MaintenanceWindowViewSet(ScopedModelViewSet):
    queryset = maintenance_list()
    serializer_class = MaintenanceWindowSerializer
    filterset_class = MaintenanceWindowFilterSet
    ordering_fields = ["planned_start", "planned_end", "announced_at", "state"]
    ordering = ["-planned_start", "-id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # cancel, never delete

    # Vendor users announce and change their own windows (the queryset is theirs only).
    write_action = "maintenance.announce"
    permission_actions = {
        "approve": "maintenance.decide",
        "reject": "maintenance.decide",
        "actuals": "maintenance.record_actuals",
        "cancel": "maintenance.cancel",
    }

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        windows = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "compliance": maintenance_compliance(windows)}
        data = self.get_serializer_class()(windows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _act(self, request: Request, serializer_class: type[Serializer], call: Callable[..., Any]) -> Response:
        window = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            call(window, serializer.validated_data)
        fresh = self.get_queryset().get(pk=window.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=ApproveSerializer, responses=MaintenanceWindowSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """A hospital admin approves a proposed window (``note`` optional)."""
        return self._act(
            request,
            ApproveSerializer,
            lambda window, data: services.maintenance_decide(
                window=window, approve=True, actor=request.user, note=data["note"]
            ),
        )

    @extend_schema(request=RejectSerializer, responses=MaintenanceWindowSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """A hospital admin rejects a proposed window; ``note`` (why) is required."""
        return self._act(
            request,
            RejectSerializer,
            lambda window, data: services.maintenance_decide(
                window=window, approve=False, actor=request.user, note=data["note"]
            ),
        )

    @extend_schema(request=ActualsSerializer, responses=MaintenanceWindowSerializer)
    @action(detail=True, methods=["post"])
    def actuals(self, request: Request, pk: str | None = None) -> Response:
        """When the work really started and ended (``actual_end`` empty while it runs)."""
        return self._act(
            request,
            ActualsSerializer,
            lambda window, data: services.maintenance_record_actuals(
                window=window, actual_start=data["actual_start"], actual_end=data["actual_end"]
            ),
        )

    @extend_schema(request=None, responses=MaintenanceWindowSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Call off work that has not started (vendors: before its planned start)."""
        return self._act(
            request, Serializer, lambda window, data: services.maintenance_cancel(window=window, actor=request.user)
        )

"""``/api/v1/probes/``: PACS probes (read by hospital users and, for their own vendor, vendor
users; added and changed by hospital admins through ``probe_save``), their runs newest first
(``/runs/``) and "run now" (``POST /run/``, queued for a worker: 202)."""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from kombu.exceptions import OperationalError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import NewestFirstCursorPagination
from core.api.viewsets import ScopedModelViewSet
from kpis.api.serializers.probes import ProbeRunSerializer, ProbeSerializer
from kpis.filters.probes import ProbeFilterSet
from kpis.selectors.probes import probe_list, probe_runs
from kpis.services.probe_config import probe_run_queue


class QueueUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "queue_unavailable"
    default_detail = "The task queue cannot be reached right now; the probe will run at its next interval."


class RunCursorPagination(NewestFirstCursorPagination):
    """A probe that runs every minute has half a million runs a year."""

    ordering = ("-started_at", "-id")


class ProbeViewSet(ScopedModelViewSet):
    """PACS probes with their status and latest run. Filters: ``vendor``, ``component``,
    ``active``, ``status`` (reachable, partial, failing, never), ``q``. Probes are not deleted
    (their runs are measurements): make one inactive with ``active: false``."""

    write_action = "probe.manage"
    permission_actions = {"run": "probe.manage"}
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
    @transaction.non_atomic_requests  # queued on its own commit, so a broker that is down is a 503
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Run the probe now (hospital admins): queued for a worker, answered 202."""
        probe = self.get_object()
        try:
            with transaction.atomic():
                probe_run_queue(probe=probe)
        except OperationalError as error:
            raise QueueUnavailable from error
        return Response({"detail": "Run queued.", "probe": probe.pk}, status=status.HTTP_202_ACCEPTED)

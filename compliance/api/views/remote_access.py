"""``/api/v1/remote-access-sessions/``: vendor tokens request their own sessions and record their
``start/`` and ``end/`` (so does the hospital's remote-access gateway, with a hospital admin's
token); hospital admins ``decide/``. ``/api/v1/vendor-access-log/``: read (filters as on the page;
vendor tokens their own), and appended to by the gateway (``POST`` of ``entries``), never changed."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from compliance.api.serializers.remote_access import (
    AccessLogEntrySerializer,
    AccessLogPushSerializer,
    RemoteAccessSessionSerializer,
    SessionDecideSerializer,
    SessionEndSerializer,
    SessionStartSerializer,
)
from compliance.filters.remote_access import AccessLogFilterSet, RemoteAccessSessionFilterSet
from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.selectors.remote_access import access_log, session_list
from compliance.services.remote_access import (
    LoggedAccess,
    access_log_append,
    session_decide,
    session_end,
    session_request,
    session_start,
)
from core.api.viewsets import ScopedModelViewSet


class RemoteAccessSessionViewSet(ScopedModelViewSet):
    model = RemoteAccessSession  # the rows come from get_queryset: flagged as of now
    write_action = "compliance.remote_request"
    permission_actions = {
        "decide": "compliance.remote_decide",
        "start": "compliance.remote_record",
        "end": "compliance.remote_record",
    }
    serializer_class = RemoteAccessSessionSerializer
    filterset_class = RemoteAccessSessionFilterSet
    ordering_fields = ["planned_start", "started_at"]
    ordering = ["-planned_start", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        self.queryset = session_list(now=timezone.now()).prefetch_related("components")
        return super().get_queryset()

    def perform_create(self, serializer: BaseSerializer) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        data["components"] = list(data.get("components", []))
        with self._audited():
            serializer.instance = session_request(actor=self.request.user, **data)
        self._reload(serializer)

    def _step(self, request: Request, serializer_class: type, service: Any) -> Response:
        session = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            service(session=session, actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)

    @extend_schema(request=SessionDecideSerializer, responses=RemoteAccessSessionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """A hospital admin approves or rejects the session (a rejection says why)."""
        return self._step(request, SessionDecideSerializer, session_decide)

    @extend_schema(request=SessionStartSerializer, responses=RemoteAccessSessionSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        """The session started (the engineer, or the gateway pushing it); the access log gets it."""
        return self._step(request, SessionStartSerializer, session_start)

    @extend_schema(request=SessionEndSerializer, responses=RemoteAccessSessionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The session ended, with what was done; the access log gets it."""
        return self._step(request, SessionEndSerializer, session_end)


class AccessLogViewSet(ScopedModelViewSet):
    model = AccessLogEntry
    queryset = access_log()
    write_action = "compliance.access_log_push"
    serializer_class = AccessLogEntrySerializer
    filterset_class = AccessLogFilterSet
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=AccessLogPushSerializer, responses=AccessLogEntrySerializer(many=True))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Append the gateway's entries, all or nothing."""
        serializer = AccessLogPushSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        entries = [LoggedAccess(**entry) for entry in serializer.validated_data["entries"]]
        with self._audited():
            rows = access_log_append(entries=entries, actor=request.user)
        return Response(AccessLogEntrySerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

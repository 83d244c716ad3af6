"""``/api/v1/tickets/``: list, create, and one POST route per lifecycle action."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.pagination import NewestFirstCursorPagination
from core.api.serializers import as_api_error
from core.api.viewsets import ScopedModelViewSet
from core.roles import is_hospital_admin, is_hospital_user, is_vendor_user
from tickets import selectors
from tickets.api import serializers
from tickets.filters import TicketFilterSet
from tickets.models import HistoryImport
from tickets.services import history_jobs
from tickets.services import tickets as services
from tickets.services.actions import ticket_action_run


class TicketCursorPagination(NewestFirstCursorPagination):
    ordering = ("-opened_at", "-id")


class TicketViewSet(ScopedModelViewSet):
    queryset = selectors.ticket_list()
    serializer_class = serializers.TicketSerializer
    filterset_class = TicketFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = TicketCursorPagination
    http_method_names = ["get", "post", "head", "options"]

    def has_write_access(self, user: object) -> bool:
        # Each action decides who may take it; hospital staff and vendor users take some.
        return is_hospital_user(user) or is_vendor_user(user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        return serializers.TicketCreateSerializer if self.action == "create" else super().get_serializer_class()

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        if not is_hospital_user(request.user):
            raise PermissionDenied("Tickets are opened by hospital users.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        opened_at = data.pop("opened_at", None)
        self._check_at(opened_at)
        with self._audited():
            try:
                ticket = services.ticket_open(
                    vendor_id=data.pop("vendor").pk, reporter=request.user, at=opened_at, **data
                )
            except DjangoValidationError as error:
                # The service names the instant "at"; this route calls it "opened_at".
                detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
                if "at" in detail:
                    detail["opened_at"] = detail.pop("at")
                raise as_api_error(DjangoValidationError(detail)) from error
        ticket = self.get_queryset().get(pk=ticket.pk)
        return Response(serializers.TicketSerializer(ticket, context=self.get_serializer_context()).data, status=201)

    # --- actions -----------------------------------------------------------------------

    def _check_at(self, at: object) -> None:
        if at is not None and not is_hospital_admin(self.request.user):
            raise as_api_error(DjangoValidationError({"opened_at": "Only hospital admins may record past instants."}))

    @staticmethod
    def _run(call: Callable[[], Any]) -> Any:
        try:
            return call()
        except DjangoValidationError as error:
            raise as_api_error(error) from error

    def _act(self, request: Request, name: str, serializer_class: type) -> Response:
        ticket = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            self._run(
                lambda: ticket_action_run(name=name, ticket=ticket, user=request.user, data=serializer.validated_data)
            )
        fresh = self.get_queryset().get(pk=ticket.pk)
        return Response(serializers.TicketSerializer(fresh, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """A vendor-side answer (with an optional message): meets the response, then update, clock."""
        return self._act(request, "respond", serializers.RespondSerializer)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "acknowledge", serializers.ActionSerializer)

    @action(detail=True, methods=["post"], url_path="in-progress")
    def in_progress(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "in-progress", serializers.ActionSerializer)

    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Waiting on the hospital (``reason`` required): resolution and update clocks stop."""
        return self._act(request, "pause", serializers.ReasonActionSerializer)

    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "resume", serializers.ActionSerializer)

    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "resolve", serializers.ResolveSerializer)

    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "reopen", serializers.ReasonActionSerializer)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "close", serializers.ActionSerializer)

    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "rate", serializers.RateSerializer)

    @action(detail=True, methods=["post"])
    def severity(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "severity", serializers.SeveritySerializer)

    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_history(self, request: Request) -> Response:
        """Hospital admins: a CSV of past tickets (see the README), imported in the background
        (all rows or none): 202 with the job, whose ``url`` tells how it goes."""
        if not is_hospital_admin(request.user):
            raise PermissionDenied("Only hospital admins import ticket history.")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["Attach the CSV file as “file”."]}, status=status.HTTP_400_BAD_REQUEST)
        job = history_jobs.history_import_start(upload=upload, by=request.user)
        job = selectors.history_imports().defer(None).get(pk=job.pk)
        data = serializers.HistoryImportSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @action(detail=True, methods=["get"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        """The thread as the user may see it (vendor users never see internal notes)."""
        ticket = self.get_object()
        visible = ticket.messages.visible_to(request.user).order_by("at", "id")
        return Response(serializers.MessageSerializer(visible, many=True).data, status=status.HTTP_200_OK)


class HistoryImportViewSet(ScopedModelViewSet):
    """``/api/v1/ticket-imports/``: the history imports and how each went. Hospital admins start
    them (``POST /api/v1/tickets/import/``); hospital users read them, like every API list;
    vendor users see none (``HospitalOnlyQuerySet``)."""

    queryset = selectors.history_imports()
    serializer_class = serializers.HistoryImportSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[HistoryImport]:
        queryset = super().get_queryset()
        return queryset if self.action == "list" else queryset.defer(None)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list":
            return serializers.HistoryImportSummarySerializer
        return serializers.HistoryImportSerializer

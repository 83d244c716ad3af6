"""``/api/v1/tickets/``: list, create, the thread, and one POST route per lifecycle action. Who
may take each is the role matrix's (``core.permissions``), declared in ``permission_actions``."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.pagination import NewestFirstCursorPagination
from core.api.viewsets import ScopedModelViewSet
from tickets import selectors
from tickets.api import serializers
from tickets.filters import TicketFilterSet
from tickets.models import HistoryImport
from tickets.services import history_jobs, thread
from tickets.services.actions import ACTIONS, ticket_action_run, ticket_open_as


class TicketCursorPagination(NewestFirstCursorPagination):
    ordering = ("-opened_at", "-id")


class TicketViewSet(ScopedModelViewSet):
    queryset = selectors.ticket_list()
    serializer_class = serializers.TicketSerializer
    filterset_class = TicketFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = TicketCursorPagination
    http_method_names = ["get", "post", "head", "options"]

    permission_actions = {
        "create": "ticket.open",
        "import_history": "ticket.import",
        "messages": "ticket.reply",
        **{name.replace("-", "_"): action.permission for name, action in ACTIONS.items()},
    }

    def get_serializer_class(self) -> type[BaseSerializer]:
        return serializers.TicketCreateSerializer if self.action == "create" else super().get_serializer_class()

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with self._audited():
            ticket = ticket_open_as(user=request.user, vendor_id=data.pop("vendor").pk, **data)
        # Read back what the representation needs (the clocks), not the list's joins: the user
        # has just opened it through the scoped choices, so it needs no scoping again.
        ticket = selectors.tickets_with_clocks().get(pk=ticket.pk)
        return Response(serializers.TicketSerializer(ticket, context=self.get_serializer_context()).data, status=201)

    # --- actions -----------------------------------------------------------------------

    def _act(self, request: Request, name: str, serializer_class: type) -> Response:
        ticket = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            ticket_action_run(name=name, ticket=ticket, user=request.user, data=serializer.validated_data)
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
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["Attach the CSV file as “file”."]}, status=status.HTTP_400_BAD_REQUEST)
        job = history_jobs.history_import_start(upload=upload, by=request.user)
        job = selectors.history_imports().defer(None).get(pk=job.pk)
        data = serializers.HistoryImportSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @extend_schema(methods=["GET"], responses=serializers.MessageSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=serializers.MessageWriteSerializer, responses={201: serializers.MessageSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request: Request, pk: str | None = None) -> Response:
        """The thread as the user may see it (vendor users never see internal notes); POST a
        message (``body``; ``internal`` for hospital users; ``files`` as multipart). A vendor
        user's message answers the ticket."""
        ticket = self.get_object()
        if request.method == "POST":
            serializer = serializers.MessageWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            with self._audited():
                message = thread.ticket_reply(ticket=ticket, by=request.user, **serializer.validated_data)
            return Response(serializers.MessageSerializer(message).data, status=status.HTTP_201_CREATED)
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

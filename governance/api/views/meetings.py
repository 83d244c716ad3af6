"""``/api/v1/meetings/``, ``/api/v1/decisions/``, ``/api/v1/meeting-actions/`` and
``/api/v1/actions/`` (the register of every source, read only: each source's own endpoint writes)."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import StandardPagination
from core.api.parameters import QueryParameterContract
from core.api.viewsets import ScopedModelViewSet
from core.links import audience_of
from governance.api.serializers.meetings import (
    ActionSerializer,
    ActionStatusSerializer,
    DecisionSerializer,
    MeetingSerializer,
)
from governance.filters.actions import ActionRegisterFilterForm
from governance.filters.meetings import DecisionFilterSet, MeetingFilterSet
from governance.models import ActionItem, Meeting, MinuteNote
from governance.selectors.actions import action_register, register_rows
from governance.selectors.meetings import decision_list, meeting_list
from governance.services.actions import action_add, action_status_set


class MeetingViewSet(ScopedModelViewSet):
    """Meetings with their decisions, actions and the notes the caller may see; a single meeting
    also has its agenda (frozen once the meeting started, else built from the data now)."""

    queryset = meeting_list()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering = ["starts_at", "id"]
    ordering_fields = ["starts_at"]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Meeting]:
        # Notes as the caller may see them: vendor users never get internal ones.
        notes = Prefetch("notes", queryset=MinuteNote.objects.visible_to(self.request.user))
        return super().get_queryset().prefetch_related(notes, "decisions", "actions")

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "with_agenda": self.action == "retrieve"}


class DecisionViewSet(ScopedModelViewSet):
    """The decision log: ``vendor``, ``q`` (searches the text)."""

    queryset = decision_list()
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "head", "options"]


class MeetingActionViewSet(ScopedModelViewSet):
    """Actions agreed in meetings: recorded in a started meeting's minutes (``meeting.run``);
    their status kept by ``status`` (``action.update``, vendor users for their vendor's)."""

    queryset = ActionItem.objects.select_related("owner_user", "owner_contact")
    serializer_class = ActionSerializer
    ordering = ["due_date", "id"]
    http_method_names = ["get", "post", "head", "options"]
    write_action = "meeting.run"
    permission_actions = {"status": "action.update"}

    def perform_create(self, serializer: ActionSerializer) -> None:
        with self._audited():
            serializer.instance = action_add(action=ActionItem(**serializer.validated_data), actor=self.request.user)
        self._reload(serializer)

    @extend_schema(request=ActionStatusSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        """Move the action to ``open``, ``in_progress``, ``done`` or ``dropped``."""
        action_item = self.get_object()
        serializer = ActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            updated = action_status_set(
                action=action_item, status=serializer.validated_data["status"], actor=request.user
            )
        return Response(
            ActionSerializer(updated, context=self.get_serializer_context()).data, status=status.HTTP_200_OK
        )


class RegisterRowSerializer(serializers.Serializer):
    source = serializers.CharField()
    source_label = serializers.CharField()
    action_id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    description = serializers.CharField()
    owner_name = serializers.CharField()
    owner_user_id = serializers.IntegerField(allow_null=True)
    side = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    link = serializers.CharField()


class ActionRegisterViewSet(QueryParameterContract, viewsets.GenericViewSet):
    """Every open action of every source (meeting actions, incident follow-ups), the earliest
    due first. Filters: ``vendor``, ``owner`` (a user id), ``mine``, ``side``, ``overdue``,
    ``source``. Read only: each source's own endpoint writes."""

    query_parameters = ("vendor", "owner", "mine", "side", "overdue", "source", "page", "page_size")
    # The rows come from every source; meeting actions are the register's own (the scoping
    # proof reads the model of a route from here).
    model = ActionItem
    queryset = ActionItem.objects.none()  # the schema's model; rows come from ``action_register``
    serializer_class = RegisterRowSerializer
    pagination_class = StandardPagination
    filter_backends: list[type] = []  # filtered by ActionRegisterFilterForm, as the page is

    def list(self, request: Request) -> Response:
        form = ActionRegisterFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors)
        rows = action_register(form.query(), source=form.chosen_source)
        page = self.paginate_queryset(rows)
        data = RegisterRowSerializer(register_rows(list(page), audience=audience_of(request.user)), many=True).data
        return self.get_paginated_response(data)

"""``/api/v1/incidents/``: incidents, and their close, review, comments and follow-ups routes.

Who may do what is the role matrix's (``core.permissions``), declared per route below, the same
the hospital UI and the portal ask: vendor users read their own vendor's incidents and comment on them; hospital
users report and end incidents and keep the follow-ups; hospital admins also edit incidents
and their review.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers.incidents import (
    CloseSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    FollowUpSerializer,
    FollowUpUpdateSerializer,
    IncidentSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
)
from slas.filters.incidents import IncidentFilterSet
from slas.models import FollowUpAction, Incident, IncidentReview
from slas.selectors import incidents as selectors
from slas.services import incidents as services


class IncidentViewSet(ScopedModelViewSet):
    """Incidents (downtime or degradation of a vendor's components) with their post-incident
    review, follow-up actions and linked ticket ids. Filters: ``vendor``, ``impact``, ``open``,
    ``vendor_attributable``, ``cause_category``, ``review_status``, ``started_from`` and
    ``started_to`` (dates, hospital time), ``q``. Incidents are not deleted: they are the
    record uptime and service credits were computed from."""

    queryset = selectors.incident_list()
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    ordering_fields = ["started_at", "ended_at", "duration", "title"]
    ordering = ["-started_at", "-id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    permission_actions = {
        "create": "incident.report",
        "update": "incident.edit",
        "partial_update": "incident.edit",
        "close": "incident.close",
        "review": "incident.review",
        "comments": "incident.comment",
        "follow_ups": "incident.follow_up",
        "follow_up": "incident.follow_up",
    }

    def get_queryset(self) -> QuerySet[Incident]:
        return selectors.with_api_relations(super().get_queryset(), self.request.user)

    def _incident_response(self, incident: Incident, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=incident.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    # --- the incident itself ---------------------------------------------------------------

    @extend_schema(request=CloseSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """End an ongoing incident now, or at ``ended_at``."""
        incident = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ended_at = serializer.validated_data.get("ended_at")
        with self._audited():
            services.incident_close(incident=incident, ended_at=ended_at)
        return self._incident_response(incident)

    # --- the post-incident review ---------------------------------------------------------

    @extend_schema(methods=["GET"], responses=ReviewSerializer)
    @extend_schema(methods=["PUT"], request=ReviewWriteSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["get", "put"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """The post-incident review ("lessons learned"). Completing it needs the root cause and
        what to change, and an incident that has ended."""
        incident = self.get_object()
        current = IncidentReview.objects.filter(incident=incident).first() or IncidentReview(incident=incident)
        if request.method == "GET":
            return Response(ReviewSerializer(current).data)
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        texts = {name: getattr(current, name) for name in ("root_cause", "what_worked", "what_to_change")}
        with self._audited():
            review = services.review_save(incident=incident, **{**texts, **serializer.validated_data})
        return Response(ReviewSerializer(review).data)

    # --- the discussion ---------------------------------------------------------------------

    @extend_schema(methods=["GET"], responses=CommentSerializer(many=True))
    @extend_schema(methods=["POST"], request=CommentWriteSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """The discussion with the vendor, oldest first. Vendor users may post, and mark a
        comment as proposing a root cause; the other side is notified."""
        incident = self.get_object()
        if request.method == "GET":
            return Response(CommentSerializer(selectors.incident_comments(incident, request.user), many=True).data)
        serializer = CommentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            comment = services.comment_add(incident=incident, author=request.user, **serializer.validated_data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    # --- follow-up actions ------------------------------------------------------------------

    def _follow_up_response(self, action_: FollowUpAction, status_code: int) -> Response:
        fresh = selectors.follow_up_list().get(pk=action_.pk)
        return Response(FollowUpSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(methods=["GET"], responses=FollowUpSerializer(many=True))
    @extend_schema(methods=["POST"], request=FollowUpSerializer, responses={201: FollowUpSerializer})
    @action(detail=True, methods=["get", "post"], url_path="follow-ups", pagination_class=None)
    def follow_ups(self, request: Request, pk: str | None = None) -> Response:
        """Follow-up actions of the review: an owner (a user, or ``owner_name``) and a due date.
        Hospital users write them; vendor users read."""
        incident = self.get_object()
        if request.method == "GET":
            actions = selectors.incident_follow_ups(incident)
            return Response(FollowUpSerializer(actions, many=True, context=self.get_serializer_context()).data)
        serializer = FollowUpSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        new = FollowUpAction(incident=incident, **serializer.validated_data)
        with self._audited():
            services.follow_up_save(action=new, actor=request.user)
        return self._follow_up_response(new, status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpUpdateSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["patch"], url_path=r"follow-ups/(?P<follow_up_id>\d+)")
    def follow_up(self, request: Request, pk: str | None = None, follow_up_id: str | None = None) -> Response:
        """Change a follow-up action, e.g. ``{"status": "done"}``."""
        incident = self.get_object()
        current = incident.follow_ups.filter(pk=follow_up_id).first()
        if current is None:
            raise NotFound("No such follow-up action on this incident.")
        serializer = FollowUpUpdateSerializer(
            current, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(current, name, value)
        with self._audited():
            services.follow_up_save(action=current, actor=request.user)
        return self._follow_up_response(current, status.HTTP_200_OK)

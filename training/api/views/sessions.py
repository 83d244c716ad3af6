"""``/api/v1/training-sessions/``: sessions with their seats taken and people waiting (the
detail lists everyone on it: names and professions only); hospital admins schedule, change
and ``cancel/`` them and ``enrol/`` and ``withdraw/`` people; the course's vendor (and hospital
admins) record ``attendance/`` (with quiz scores), which completes the course for those who
attended, one session at a time or many at once (``POST /api/v1/training-sessions/attendance/``)."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.sessions import (
    AttendanceCountsSerializer,
    AttendanceSerializer,
    BulkAttendanceSerializer,
    EnrolmentSerializer,
    EnrolSerializer,
    SessionDetailSerializer,
    SessionSerializer,
    WithdrawSerializer,
)
from training.filters.sessions import SessionFilterSet
from training.models import Session
from training.models.sessions import ATTENDANCE
from training.selectors.sessions import session_list
from training.services import sessions as services
from training.services.attendance import Mark, attendance_mark
from training.services.sessions import SESSION_FIELDS


class SessionViewSet(ScopedModelViewSet):
    write_action = "session.manage"
    permission_actions = {
        "cancel": "session.manage",
        "enrol": "session.enrol",
        "withdraw": "session.enrol",
        "attendance": "session.attendance",
        "bulk_attendance": "session.attendance",
    }
    queryset = session_list()
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet
    ordering_fields = ["starts_at", "capacity"]
    ordering = ["starts_at", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self) -> type:
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("enrolments__person")
        return queryset

    def _save(self, serializer: BaseSerializer, session: Session | None) -> None:
        stored = {name: getattr(session, name) for name in SESSION_FIELDS} if session else {}
        with self._audited():
            serializer.instance = services.session_save(
                session=session, data={**stored, **serializer.validated_data}, by=self.request.user
            )
        self._reload(serializer)

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self._save(serializer, Session.objects.get(pk=serializer.instance.pk))

    def _answer(self, session: Session) -> Response:
        session = self.get_queryset().prefetch_related("enrolments__person").get(pk=session.pk)
        return Response(SessionDetailSerializer(session, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a session that has not started."""
        session = self.get_object()
        with self._audited():
            services.session_cancel(session=session, by=request.user)
        return self._answer(session)

    @extend_schema(request=EnrolSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def enrol(self, request: Request, pk: str | None = None) -> Response:
        """A seat for the person, or a place on the waiting list when the session is full."""
        session = self.get_object()
        serializer = EnrolSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            enrolment = services.session_enrol(
                session=session, person=serializer.validated_data["person"], by=request.user
            )
        return Response(EnrolmentSerializer(enrolment).data, status=201)

    @extend_schema(request=WithdrawSerializer, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Take a person off the session (their seat goes to the first person waiting)."""
        session = self.get_object()
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enrolment = get_object_or_404(session.enrolments, pk=serializer.validated_data["enrolment"])
        with self._audited():
            services.session_withdraw(enrolment=enrolment, by=request.user)
        return self._answer(session)

    @extend_schema(request=AttendanceSerializer, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """``{"attendance": [{"enrolment": 12, "status": "attended", "quiz_score": 85}, …]}``, all
        or nothing; those attending complete the course on the session's day."""
        session = self.get_object()
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = serializer.validated_data["attendance"]
        with self._audited():
            services.attendance_record(
                session=session,
                marks={row["enrolment"]: row["status"] for row in rows},
                quiz_scores={row["enrolment"]: row["quiz_score"] for row in rows},
                by=request.user,
            )
        return self._answer(session)

    @extend_schema(
        operation_id="training_sessions_bulk_attendance",
        request=BulkAttendanceSerializer,
        responses={
            200: AttendanceCountsSerializer,
            400: OpenApiResponse(
                description='Nothing stored. Each bad row\'s problems: {"attendance": ["Item 3 (enrolment 12): …"]}.'
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="attendance")
    def bulk_attendance(self, request: Request) -> Response:
        """Attendance and quiz scores of many sessions in one request: ``{"attendance":
        [{"enrolment": 12, "status": "attended", "quiz_score": 85}, …]}``, up to 5,000 rows, all or
        nothing (every bad row named). Answers the count per status."""
        serializer = BulkAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marks = [Mark(**row) for row in serializer.validated_data["attendance"]]
        with self._audited():
            counts = attendance_mark(marks=marks, by=request.user)
        return Response({status: counts.get(status, 0) for status in ATTENDANCE})

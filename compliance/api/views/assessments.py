"""``/api/v1/security-assessments/`` (hospital admins plan and edit them; vendor tokens read their
own) and ``/api/v1/security-findings/``: hospital admins record findings and ``retest/`` them,
vendor tokens ``answer/`` their own."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from compliance.api.serializers.assessments import (
    AssessmentSerializer,
    FindingAnswerSerializer,
    FindingRetestSerializer,
    FindingSerializer,
)
from compliance.filters.assessments import AssessmentFilterSet
from compliance.models import Assessment, Finding
from compliance.selectors.assessments import assessment_list
from compliance.services.assessments import finding_answer, finding_record, finding_retest
from core.api.viewsets import ScopedModelViewSet


class AssessmentViewSet(ScopedModelViewSet):
    model = Assessment  # the rows come from get_queryset: annotated with today's overdue counts
    write_action = "compliance.assessment_manage"
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["planned_on", "performed_on", "title"]
    ordering = ["-planned_on", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        self.queryset = assessment_list(today=timezone.localdate())
        return super().get_queryset()


class FindingViewSet(ScopedModelViewSet):
    write_action = "compliance.assessment_manage"
    permission_actions = {"answer": "compliance.finding_answer", "retest": "compliance.assessment_manage"}
    queryset = Finding.objects.select_related("assessment__vendor")
    serializer_class = FindingSerializer
    filterset_fields = ["assessment", "severity", "status"]
    ordering_fields = ["due_on", "reported_on", "severity"]
    ordering = ["due_on", "id"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        with self._audited():
            serializer.instance = finding_record(
                assessment=data["assessment"],
                title=data["title"],
                description=data.get("description", ""),
                severity=data["severity"],
                cvss_score=data.get("cvss_score"),
                reported_on=data["reported_on"],
                remediation_owner=data.get("remediation_owner", ""),
                actor=self.request.user,
            )
        self._reload(serializer)

    def _answered(self, finding: Finding) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=finding.pk)).data)

    @extend_schema(request=FindingAnswerSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """The vendor says how and when the finding is fixed, or why it stands."""
        finding = self.get_object()
        serializer = FindingAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            finding_answer(finding=finding, response=serializer.validated_data["response"], actor=request.user)
        return self._answered(finding)

    @extend_schema(request=FindingRetestSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def retest(self, request: Request, pk: str | None = None) -> Response:
        """A hospital admin records the retest: passed resolves the finding, failed reopens it."""
        finding = self.get_object()
        serializer = FindingRetestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with self._audited():
            finding_retest(finding=finding, passed=data["passed"], notes=data["notes"], actor=request.user)
        return self._answered(finding)

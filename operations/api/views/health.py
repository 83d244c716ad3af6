"""``/api/v1/health-templates/`` and ``/api/v1/health-assessments/``: health assessments.

Every signed-in user reads the templates; hospital admins keep them. Schedules are read by hospital
users and by vendor users for their own vendor's components; hospital admins schedule them. The
vendor's engineer and hospital admins record runs (``…/runs/``: a result and measurement for every
check of the template, in order), add findings (``…/findings/``) and mark them done
(``…/finding-done/``); an incomplete run answers 400 with the reason. Nothing here is deleted.
Filters: ``vendor``, ``component``, ``template``, ``active``, ``overdue``, ``q``."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.health import (
    FindingDoneSerializer,
    HealthAssessmentSerializer,
    HealthFindingSerializer,
    HealthRunSerializer,
    HealthTemplateSerializer,
)
from operations.filters.health import HealthAssessmentFilterSet, HealthTemplateFilterSet
from operations.models import HealthFinding, HealthRun
from operations.selectors.health import assessment_detail, template_list
from operations.services import health as services


class HealthTemplateViewSet(ScopedModelViewSet):
    """Templates by component kind, with their checks in order. Filters: ``component_kind``,
    ``active``, ``q``."""

    write_action = "health.template"
    queryset = template_list()
    serializer_class = HealthTemplateSerializer
    filterset_class = HealthTemplateFilterSet
    ordering_fields = ["name", "component_kind"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class HealthAssessmentViewSet(ScopedModelViewSet):
    """Schedules, soonest due first, with their runs (latest first), results and findings."""

    write_action = "health.plan"
    permission_actions = {"runs": "health.record", "findings": "health.record", "finding_done": "health.record"}
    queryset = assessment_detail()
    serializer_class = HealthAssessmentSerializer
    filterset_class = HealthAssessmentFilterSet
    ordering_fields = ["next_due_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=HealthRunSerializer, responses={201: HealthRunSerializer})
    @action(detail=True, methods=["post"])
    def runs(self, request: Request, pk: str | None = None) -> Response:
        """Record an assessment done; the next one falls due the interval after it."""
        assessment = self.get_object()
        given = HealthRunSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            run = services.health_run_record(assessment=assessment, by=request.user, **given.service_arguments())
        return Response(HealthRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HealthFindingSerializer, responses={201: HealthFindingSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """Add a finding of one of the assessment's runs (owner, side, due date)."""
        assessment = self.get_object()
        given = HealthFindingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        run = HealthRun.objects.visible_to(request.user).filter(assessment=assessment, pk=data.pop("run_id")).first()
        if run is None:
            raise NotFound("No such run of this assessment.")
        with self._audited():
            finding = services.health_finding_add(run=run, by=request.user, **data)
        return Response(HealthFindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FindingDoneSerializer, responses=HealthFindingSerializer)
    @action(detail=True, methods=["post"], url_path="finding-done")
    def finding_done(self, request: Request, pk: str | None = None) -> Response:
        """Mark one open finding of the assessment done."""
        assessment = self.get_object()
        given = FindingDoneSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        found = HealthFinding.objects.visible_to(request.user).filter(
            run__assessment=assessment, pk=given.validated_data["finding"]
        )
        finding = found.first()
        if finding is None:
            raise NotFound("No such finding of this assessment.")
        with self._audited():
            finding = services.health_finding_done(finding=finding, by=request.user)
        return Response(HealthFindingSerializer(finding).data)

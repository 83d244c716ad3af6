"""``/api/v1/protocol-templates/`` and ``/api/v1/plan-test-cases/``: test protocols.

Every signed-in user reads the templates; hospital admins keep them (``…/cases/`` adds a case).
Plans' test cases are read as their plans are (vendor users: their own vendor's); whoever may edit
a plan adds cases (``POST``, or ``…/from-template/`` for a template's cases) until its go, the
vendor and hospital admins record results while the change is in progress (``…/result/``), and
hospital users open a ticket for a failed case (``…/ticket/``). Nothing here is deleted."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.protocols import (
    CaseResultSerializer,
    CaseTicketSerializer,
    FromTemplateSerializer,
    PlanTestCaseSerializer,
    ProtocolTemplateSerializer,
    TemplateCaseSerializer,
)
from operations.filters.protocols import PlanTestCaseFilterSet, ProtocolTemplateFilterSet
from operations.selectors.protocols import plan_case_list, template_detail
from operations.services import protocols as services


class ProtocolTemplateViewSet(ScopedModelViewSet):
    """Templates by component kind, with their cases in order. Filters: ``component_kind``,
    ``active``, ``q``."""

    write_action = "protocol.manage"
    permission_actions = {"cases": "protocol.manage"}
    queryset = template_detail()
    serializer_class = ProtocolTemplateSerializer
    filterset_class = ProtocolTemplateFilterSet
    ordering_fields = ["name", "component_kind"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=TemplateCaseSerializer, responses={201: TemplateCaseSerializer})
    @action(detail=True, methods=["post"])
    def cases(self, request: Request, pk: str | None = None) -> Response:
        """Add a case at the end of the template (plans that copied it earlier keep their copies)."""
        template = self.get_object()
        given = TemplateCaseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            case = services.template_case_add(template=template, by=request.user, **given.validated_data)
        return Response(TemplateCaseSerializer(case).data, status=status.HTTP_201_CREATED)


class PlanTestCaseViewSet(ScopedModelViewSet):
    """Plans' test cases in order. ``POST`` adds a case of the plan's own. Filters: ``plan``,
    ``result``, ``mandatory``, ``q``."""

    write_action = "change_plan.edit"
    permission_actions = {
        "from_template": "change_plan.edit",
        "result": "change_plan.test",
        "ticket": "ticket.open",
    }
    queryset = plan_case_list()
    serializer_class = PlanTestCaseSerializer
    filterset_class = PlanTestCaseFilterSet
    ordering_fields = ["position", "result", "recorded_at"]
    http_method_names = ["get", "post", "head", "options"]

    def _answer(self, pk: int) -> Response:
        fresh = self.get_queryset().get(pk=pk)
        return Response(PlanTestCaseSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=FromTemplateSerializer, responses={201: PlanTestCaseSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="from-template")
    def from_template(self, request: Request) -> Response:
        """Add a template's cases to a plan (a template of its component's kind; cases it already
        has from that template are not added again)."""
        given = FromTemplateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        with self._audited():
            added = services.protocol_from_template(by=request.user, **given.validated_data)
        fresh = self.get_queryset().filter(pk__in=[case.pk for case in added])
        data = PlanTestCaseSerializer(fresh, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseResultSerializer, responses=PlanTestCaseSerializer)
    @action(detail=True, methods=["post"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        """Record the case's result on the changed system (the plan in progress)."""
        case = self.get_object()
        given = CaseResultSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            services.case_record(case=case, by=request.user, **given.validated_data)
        return self._answer(case.pk)

    @extend_schema(request=CaseTicketSerializer, responses=PlanTestCaseSerializer)
    @action(detail=True, methods=["post"])
    def ticket(self, request: Request, pk: str | None = None) -> Response:
        """Open a ticket with the plan's vendor for a failed case (once)."""
        case = self.get_object()
        given = CaseTicketSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            services.case_open_ticket(case=case, by=request.user, **given.validated_data)
        return self._answer(case.pk)

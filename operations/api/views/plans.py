"""``/api/v1/change-plans/``: upgrade and change plans. Hospital users read all, vendor users
their own vendor's. Vendors and hospital admins draft plans and add steps and checks
(``…/steps/``, ``…/checks/``), sign items (``…/sign/``), propose, start and record the outcome;
hospital admins approve, decide go or no-go and cancel. Each move is one ``POST`` route; a move
the plan's state does not allow answers 400 with the reason. Nothing here is deleted.
``…/integration-checks/``: the latest batch of integration checks (``GET``), and a new batch
queued for a worker (``POST``, hospital admins, from the go decision on)."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.integration_checks import (
    IntegrationChecksQueuedSerializer,
    IntegrationChecksRefusedSerializer,
    PlanIntegrationCheckSerializer,
)
from operations.api.serializers.plans import (
    ChangePlanSerializer,
    CheckSignSerializer,
    GoDecisionSerializer,
    OutcomeSerializer,
    PlanCheckSerializer,
    PlanNoteSerializer,
    PlanStepSerializer,
)
from operations.filters.plans import ChangePlanFilterSet
from operations.models import ChangePlan
from operations.selectors.plans import check_list, latest_integration_checks, plan_detail
from operations.services import plans as services
from operations.services.integration_checks import ACTION as INTEGRATION_CHECKS_ACTION
from operations.services.integration_checks import integration_checks_queued_text, plan_integration_checks_queue


class ChangePlanViewSet(ScopedModelViewSet):
    """Plans, latest window first, with their steps and checks. ``POST`` drafts one from the
    release its component runs to a newer ``to_version``. Filters: ``vendor``, ``component``,
    ``state``, ``kind``, ``q``."""

    write_action = "change_plan.edit"
    permission_actions = {
        "steps": "change_plan.edit",
        "checks": "change_plan.edit",
        "propose": "change_plan.edit",
        "sign": "change_plan.sign",
        "approve": "change_plan.decide",
        "go": "change_plan.decide",
        "cancel": "change_plan.decide",
        "start": "change_plan.run",
        "complete": "change_plan.run",
        "integration_checks": INTEGRATION_CHECKS_ACTION,
    }
    queryset = plan_detail()
    serializer_class = ChangePlanSerializer
    filterset_class = ChangePlanFilterSet
    ordering_fields = ["window_start", "state"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _move(self, request: Request, body: type[serializers.Serializer] | None, move: Callable[..., Any]) -> Response:
        plan = self.get_object()
        data: dict[str, Any] = {}
        if body is not None:
            given = body(data=request.data, context=self.get_serializer_context())
            given.is_valid(raise_exception=True)
            data = given.validated_data
        with self._audited():
            move(plan, data)
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(ChangePlanSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=PlanStepSerializer, responses={201: PlanStepSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str | None = None) -> Response:
        """Add a step at the end (draft or proposed plans)."""
        plan = self.get_object()
        given = PlanStepSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            step = services.plan_step_add(plan=plan, by=request.user, **given.validated_data)
        return Response(PlanStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanCheckSerializer, responses={201: PlanCheckSerializer})
    @action(detail=True, methods=["post"])
    def checks(self, request: Request, pk: str | None = None) -> Response:
        """Add a pre-check or go/no-go item (until the go decision)."""
        plan = self.get_object()
        given = PlanCheckSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with self._audited():
            check = services.plan_check_add(plan=plan, by=request.user, **given.validated_data)
        return Response(PlanCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CheckSignSerializer, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        """Sign one open item of the plan in a named person's name."""

        def move(plan: ChangePlan, data: dict[str, Any]) -> None:
            check = check_list().visible_to(request.user).filter(plan=plan, pk=data["check"]).first()
            if check is None:
                raise NotFound("No such item on this plan.")
            services.plan_check_sign(check=check, signed_by_name=data["signed_by_name"], by=request.user)

        return self._move(request, CheckSignSerializer, move)

    @extend_schema(request=None, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str | None = None) -> Response:
        """Put a draft to the hospital (it needs steps, a rollback plan and a go/no-go item)."""
        return self._move(request, None, lambda plan, data: services.plan_propose(plan=plan, by=request.user))

    @extend_schema(request=None, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a proposed plan: its window becomes approved maintenance."""
        return self._move(request, None, lambda plan, data: services.plan_approve(plan=plan, by=request.user))

    @extend_schema(request=GoDecisionSerializer, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def go(self, request: Request, pk: str | None = None) -> Response:
        """Go (every item signed, the window approved) or no-go (with a note: cancels the plan)."""
        return self._move(
            request,
            GoDecisionSerializer,
            lambda plan, data: services.plan_decide_go(plan=plan, by=request.user, **data),
        )

    @extend_schema(request=None, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        """The change with its go starts now."""
        return self._move(request, None, lambda plan, data: services.plan_start(plan=plan, by=request.user))

    @extend_schema(request=OutcomeSerializer, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Success (the component's version changes) or rollback (with a note, and the incident if any)."""
        return self._move(
            request, OutcomeSerializer, lambda plan, data: services.plan_complete(plan=plan, by=request.user, **data)
        )

    @extend_schema(request=PlanNoteSerializer, responses=ChangePlanSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Call off a plan whose work has not started, saying why."""
        return self._move(
            request, PlanNoteSerializer, lambda plan, data: services.plan_cancel(plan=plan, by=request.user, **data)
        )

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=PlanIntegrationCheckSerializer(many=True),
        description="The plan's latest batch of integration checks, by interface name; empty before the first.",
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses={
            202: IntegrationChecksQueuedSerializer,
            400: OpenApiResponse(
                response=IntegrationChecksRefusedSerializer,
                description="Refused, with the reason: before the go decision, when no active probe watches an "
                "interface of the plan's component, or when the task queue cannot be reached.",
            ),
        },
        description="Queue a new batch (hospital admins): every active probe of the interfaces touching the "
        "plan's component runs in a worker and the runs are stored on the plan; GET shows them.",
    )
    # One batch, never paged or filtered: the plan's list settings do not apply here.
    @action(
        detail=True, methods=["get", "post"], url_path="integration-checks", pagination_class=None, filter_backends=[]
    )
    def integration_checks(self, request: Request, pk: str | None = None) -> Response:
        """The latest integration checks, or a new batch queued."""
        plan = self.get_object()
        if request.method == "GET":
            checks = latest_integration_checks(plan)
            return Response(PlanIntegrationCheckSerializer(checks, many=True).data)
        count = plan_integration_checks_queue(plan=plan, by=request.user)
        answer = {"probes": count, "detail": integration_checks_queued_text(count)}
        return Response(IntegrationChecksQueuedSerializer(answer).data, status=status.HTTP_202_ACCEPTED)

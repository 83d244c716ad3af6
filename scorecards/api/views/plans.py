"""``/api/v1/improvement-plans/``: read with their items (vendor users: their vendor's active and
closed plans); hospital admins open plans, add items, activate and close them; both sides record
progress (vendor users on their side's items)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from scorecards.api.serializers import plans as serializers
from scorecards.filters.plans import ImprovementPlanFilterSet
from scorecards.models import ImprovementPlan
from scorecards.selectors.plans import plan_detail
from scorecards.services import plans as services

Plan = serializers.ImprovementPlanSerializer


class ImprovementPlanViewSet(ScopedModelViewSet):
    """Plans with their items; vendor users see their vendor's active and closed plans."""

    queryset = plan_detail()
    serializer_class = Plan
    filterset_class = ImprovementPlanFilterSet
    ordering_fields = ["created_at", "vendor__name", "state"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {
        "create": "plan.manage",
        "items": "plan.manage",
        "activate": "plan.manage",
        "close": "plan.manage",
        "progress": "plan.update_progress",
    }

    def _fresh(self, plan: ImprovementPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(Plan(fresh, context=self.get_serializer_context()).data, status=code)

    def _parsed(self, request: Request, serializer_class: type[BaseSerializer]) -> dict:
        data = serializer_class(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(request=serializers.PlanStartSerializer, responses={201: Plan})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Hospital admins: open a draft plan by hand (``vendor``, ``title``)."""
        data = self._parsed(request, serializers.PlanStartSerializer)
        with self._audited():
            plan = services.plan_create(by=request.user, **data)
        return self._fresh(plan, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PlanItemInputSerializer, responses=Plan)
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: add an item."""
        plan = self.get_object()
        data = self._parsed(request, serializers.PlanItemInputSerializer)
        with self._audited():
            services.plan_item_add(plan=plan, by=request.user, **data)
        return self._fresh(plan)

    @extend_schema(request=None, responses=Plan)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: show a draft plan (with items) to the vendor."""
        plan = self.get_object()
        with self._audited():
            services.plan_activate(plan=plan, by=request.user)
        return self._fresh(plan)

    @extend_schema(request=None, responses=Plan)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: close an active plan once no item is open or in progress."""
        plan = self.get_object()
        with self._audited():
            services.plan_close(plan=plan, by=request.user)
        return self._fresh(plan)

    @extend_schema(request=serializers.ItemProgressSerializer, responses=Plan)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Record an item's ``status`` and ``progress`` (vendor users: their side's items)."""
        plan = self.get_object()
        data = self._parsed(request, serializers.ItemProgressSerializer)
        item = plan.items.filter(pk=data["item"]).first()
        if item is None:
            raise NotFound("This plan has no such item.")
        with self._audited():
            services.plan_item_progress(item=item, status=data["status"], progress=data["progress"], by=request.user)
        return self._fresh(plan)

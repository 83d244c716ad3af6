"""``/api/v1/credit-statements/``: the ledger (read-only figures), one POST route per step of a
claim, and ``compute/`` for hospital admins."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from slas.api.serializers import credits as serializers
from slas.filters.credits import CreditStatementFilterSet
from slas.models import CreditStatement
from slas.selectors import credits as credit_selectors
from slas.services import credits as services
from slas.services.credit_actions import ACTIONS as CREDIT_ACTIONS
from slas.services.credit_actions import credit_action_run


class CreditStatementViewSet(ScopedModelViewSet):
    """One statement per vendor and month: uptime against target, the credit and why (``lines``),
    the claim deadline and state. Vendor users see their statements once claimed (or when
    nothing is owed) and acknowledge or dispute them; hospital admins claim, answer disputes,
    apply credits to invoices and compute months."""

    queryset = credit_selectors.statement_list()
    serializer_class = serializers.CreditStatementSerializer
    filterset_class = CreditStatementFilterSet
    ordering_fields = ["month", "vendor__name", "uptime_percent", "credit_amount", "claim_deadline", "state"]
    ordering = ["-month", "vendor__name"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {
        **{name: action.permission for name, action in CREDIT_ACTIONS.items()},
        "compute": "credit.manage",
        "create": "credit.manage",  # answered with where to compute instead
    }

    def get_queryset(self) -> QuerySet[CreditStatement]:
        queryset = super().get_queryset()
        return queryset if self.action == "list" else credit_selectors.with_history(queryset)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list":
            return serializers.CreditStatementSerializer
        return serializers.CreditStatementDetailSerializer

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        raise PermissionDenied("Statements are computed from the month's figures: POST compute/ with the month.")

    def _step(self, request: Request, name: str, input_serializer: type[BaseSerializer]) -> Response:
        statement = self.get_object()
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        with self._audited():
            credit_action_run(name=name, statement=statement, user=request.user, data=data.validated_data)
        fresh = self.get_queryset().get(pk=statement.pk)
        return Response(serializers.CreditStatementDetailSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.CreditStatementDetailSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: claim an owed credit from the vendor (optional ``note``)."""
        return self._step(request, "claim", serializers.NoteSerializer)

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.CreditStatementDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """Vendor users: accept a claimed credit (optional ``note``)."""
        return self._step(request, "acknowledge", serializers.NoteSerializer)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.CreditStatementDetailSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str | None = None) -> Response:
        """Vendor users: dispute a claimed credit, saying why (``reason``)."""
        return self._step(request, "dispute", serializers.ReasonSerializer)

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.CreditStatementDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: answer a dispute (``note``) and uphold the claim."""
        return self._step(request, "answer", serializers.NoteSerializer)

    @extend_schema(request=serializers.InvoiceSerializer, responses=serializers.CreditStatementDetailSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        """Hospital admins: the credit was deducted on the invoice ``invoice_reference``."""
        return self._step(request, "apply", serializers.InvoiceSerializer)

    @extend_schema(request=serializers.ComputeSerializer, responses=serializers.ComputeOutcomeSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None)
    def compute(self, request: Request) -> Response:
        """Hospital admins: compute a finished ``month`` (YYYY-MM) for one ``vendor`` or, without
        it, every vendor with an SLA that month. Unclaimed statements are replaced; claimed ones
        are kept as they are. One outcome per vendor: created, replaced, kept or skipped."""
        query = serializers.ComputeSerializer(data=request.data, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        vendor, month = query.validated_data.get("vendor"), query.validated_data["month"]
        with self._audited():
            if vendor is not None:
                outcomes = [services.statement_compute(vendor_id=vendor.pk, month=month, actor=request.user)]
            else:
                outcomes = services.statements_compute_month(month=month, actor=request.user)
        return Response(serializers.ComputeOutcomeSerializer(outcomes, many=True).data)

"""``/api/v1/recovery-tests/``: backup and disaster-recovery tests of components. Hospital users
read all, vendor users their own vendor's. Hospital admins schedule tests; hospital admins and the
vendor record runs (``…/runs/``): a run without a result, or a success over its targets, answers
400 with the reason. Filters: ``vendor``, ``component``, ``kind``, ``active``, ``overdue``, ``q``."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from operations.api.serializers.recovery import RecoveryRunSerializer, RecoveryTestSerializer
from operations.filters.recovery import RecoveryTestFilterSet
from operations.selectors.recovery import recovery_detail
from operations.services.recovery import recovery_run_record


class RecoveryTestViewSet(ScopedModelViewSet):
    """Tests, soonest due first, with their runs, latest first."""

    write_action = "recovery.plan"
    permission_actions = {"runs": "recovery.record"}
    queryset = recovery_detail()
    serializer_class = RecoveryTestSerializer
    filterset_class = RecoveryTestFilterSet
    ordering_fields = ["next_due_on", "kind"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=RecoveryRunSerializer, responses={201: RecoveryRunSerializer})
    @action(detail=True, methods=["post"])
    def runs(self, request: Request, pk: str | None = None) -> Response:
        """Record a run of the test with its result; the next test falls due the interval after it."""
        test = self.get_object()
        given = RecoveryRunSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        with self._audited():
            run = recovery_run_record(test=test, by=request.user, **given.validated_data)
        return Response(RecoveryRunSerializer(run).data, status=status.HTTP_201_CREATED)

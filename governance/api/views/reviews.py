"""``/api/v1/sla-reviews/``: the annual reviews of the agreements (hospital users), a finding
recorded on an open one, concluding it (``sla_review.manage``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from governance.api.serializers.reviews import ReviewConcludeSerializer, ReviewFindingSerializer, SlaReviewSerializer
from governance.filters.reviews import ReviewFilterSet
from governance.selectors.reviews import review_list
from governance.services.reviews import finding_add, review_conclude


class SlaReviewViewSet(ScopedModelViewSet):
    """Reviews, the soonest due first: ``vendor``, ``status``, ``outcome``, ``q``. A single review
    has its year's figures."""

    queryset = review_list().prefetch_related("findings")
    serializer_class = SlaReviewSerializer
    filterset_class = ReviewFilterSet
    ordering = ["due_on", "id"]
    ordering_fields = ["due_on"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"findings": "sla_review.manage", "conclude": "sla_review.manage"}

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "with_figures": self.action != "list"}

    def _answer(self, review_id: int, code: int) -> Response:
        review = self.get_queryset().get(pk=review_id)
        return Response(SlaReviewSerializer(review, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ReviewFindingSerializer, responses=SlaReviewSerializer)
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """Record a finding about a target of the agreement (``subject``: e.g. "P2 resolution",
        "Uptime", "The agreement as a whole") and the change it proposes."""
        review = self.get_object()
        serializer = ReviewFindingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            finding_add(review=review, actor=request.user, **serializer.validated_data)
        return self._answer(review.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewConcludeSerializer, responses=SlaReviewSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str | None = None) -> Response:
        """Freeze the figures and record the decisions and the outcome: ``new_version`` drafts the
        agreement's next version from ``new_version_from``."""
        review = self.get_object()
        serializer = ReviewConcludeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._audited():
            review_conclude(review=review, actor=request.user, **serializer.validated_data)
        return self._answer(review.pk, status.HTTP_200_OK)

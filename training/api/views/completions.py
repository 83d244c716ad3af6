"""``/api/v1/training-completions/``: completions as a list, and recorded in bulk (an e-learning
platform's export; a vendor for its own courses): every item checked, all stored or none."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.completions import CompletionBatchSerializer, CompletionSerializer, RecordedSerializer
from training.filters.completions import CompletionFilterSet
from training.models import Source
from training.selectors.completions import completion_list
from training.services.completions import CompletionInput, completions_record


class CompletionViewSet(ScopedModelViewSet):
    write_action = "completion.record"
    queryset = completion_list()
    serializer_class = CompletionSerializer
    filterset_class = CompletionFilterSet
    ordering_fields = ["completed_on", "person__name", "course__title"]
    ordering = ["-completed_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> type:
        return CompletionBatchSerializer if self.action == "create" else CompletionSerializer

    @extend_schema(
        request=CompletionBatchSerializer,
        responses={
            201: RecordedSerializer,
            400: OpenApiResponse(
                description='Nothing stored. Each bad item\'s problems: {"completions": {"3": ["…"]}}.'
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record ``{"completions": [{"course": 7, "staff_number": "10042", "completed_on": "2026-03-14"}, …]}``
        (or ``email`` instead of ``staff_number``), up to 20,000 a request. A completion already
        recorded is counted, not doubled."""
        batch = CompletionBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        rows = [
            CompletionInput(
                course_id=item["course"],
                completed_on=item["completed_on"],
                staff_number=item["staff_number"].strip(),
                email=item["email"].strip(),
            )
            for item in batch.validated_data["completions"]
        ]
        with self._audited():
            result = completions_record(rows=rows, by=request.user, source=Source.API)
        return Response(RecordedSerializer(result).data, status=status.HTTP_201_CREATED)

"""``/api/v1/kpi-samples/``: push samples in bulk (all stored, or none and every bad item named),
and list them newest first by cursor."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import NewestFirstCursorPagination
from core.api.parsers import BoundedJSONParser
from core.api.viewsets import ScopedModelViewSet
from kpis.api.serializers.samples import (
    IngestedSerializer,
    KpiSampleSerializer,
    SampleInputSerializer,
    parse_sample_items,
)
from kpis.filters.samples import KpiSampleFilterSet
from kpis.selectors.samples import sample_list
from kpis.services.samples import SamplesInvalid, samples_check, samples_ingest

MAX_SAMPLES_PER_REQUEST = 50_000
# 50,000 samples are ~5.9 MB as compact JSON and up to ~11 MB pretty-printed with every field.
MAX_BODY_BYTES = 16 * 1024 * 1024


class SamplesJSONParser(BoundedJSONParser):
    max_bytes = MAX_BODY_BYTES


class SampleCursorPagination(NewestFirstCursorPagination):
    ordering = ("-measured_at", "-id")
    page_size = 100
    max_page_size = 1000


class KpiSampleViewSet(ScopedModelViewSet):
    """Samples newest first (a vendor user's own vendor's only), by cursor; ``POST`` stores a list."""

    queryset = sample_list()
    serializer_class = KpiSampleSerializer
    filterset_class = KpiSampleFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = SampleCursorPagination
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [SamplesJSONParser]
    # Hospital admins and vendor tokens push samples; the ingest service limits vendors to their
    # own vendor's vendor-reported KPIs.
    write_action = "kpi.submit_samples"

    @extend_schema(
        request=SampleInputSerializer(many=True),
        responses={
            201: IngestedSerializer,
            400: OpenApiResponse(
                description='Nothing stored. Each bad item\'s problems by its position: {"samples": {"3": ["…"]}}.'
            ),
            413: OpenApiResponse(description=f"Nothing stored: the body is over {MAX_BODY_BYTES:,} bytes."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Store a JSON list of samples (up to 50,000 and 16,777,216 bytes a request). Every item is checked first; if
        any is wrong nothing is stored and every problem is returned by the item's position."""
        items = request.data
        if not isinstance(items, list):
            raise ValidationError({"non_field_errors": ["Send a JSON list of samples."]})
        if not items:
            raise ValidationError({"non_field_errors": ["Send at least one sample."]})
        if len(items) > MAX_SAMPLES_PER_REQUEST:
            raise ValidationError(
                {"non_field_errors": [f"Send at most {MAX_SAMPLES_PER_REQUEST:,} samples a request."]}
            )
        samples, positions, problems = parse_sample_items(items)
        try:
            if problems:
                # The items that parsed are checked too, so one answer names every problem.
                if samples:
                    samples_check(samples=samples, user=request.user)
            else:
                result = samples_ingest(samples=samples, user=request.user, reporter="API")
                return Response({"created": result.created}, status=status.HTTP_201_CREATED)
        except SamplesInvalid as error:
            for index, found in error.rows.items():
                problems.setdefault(positions[index], []).extend(found)
        except DjangoValidationError as error:
            raise ValidationError({"non_field_errors": error.messages}) from error
        raise ValidationError({"samples": {str(index): problems[index] for index in sorted(problems)}})

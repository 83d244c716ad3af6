"""``GET /api/v1/vendors/{id}/availability/``: uptime, downtime budget and service credit."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.parameters import QueryParameterContract
from slas.api.serializers.availability import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    availability_payload,
)
from slas.selectors import availability
from vendors.models import Component, Vendor


class VendorAvailabilityViewSet(QueryParameterContract, viewsets.GenericViewSet):
    """Availability of a vendor (or one of its components) for a calendar month, with the
    service credit it earns, or for any date range (no credit: credits are monthly)."""

    query_parameters = ("month", "start", "end", "component")

    queryset = Vendor.objects.all()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AvailabilityQuerySerializer

    def get_queryset(self) -> Any:
        return Vendor.objects.visible_to(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default this month."),
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day of a range (with end)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of a range (inclusive)."),
            OpenApiParameter("component", OpenApiTypes.INT, description="One of the vendor's components."),
        ],
        responses={200: AvailabilitySerializer},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        vendor = self.get_object()
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        component_id = query.validated_data.get("component")
        if component_id is not None and not Component.objects.filter(pk=component_id, vendor=vendor).exists():
            raise ValidationError({"component": ["Not a component of this vendor."]})
        month, period = query.period()
        try:
            if month is not None:
                result = availability.month_availability(vendor.pk, month, component_id=component_id)
            else:
                result = availability.range_availability(vendor.pk, *period, component_id=component_id)
        except ValueError as error:
            raise ValidationError({"month" if month else "start": [str(error)]}) from error
        return Response(availability_payload(result, month=month))

"""``GET /api/v1/training-effectiveness/?vendor=&start=&end=``: each visible course's attendance
rate, mean feedback per part, quiz pass rate and ticket rates of trained against not-yet-trained
staff over the period (default: the last twelve months); a vendor sees its own courses."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.parameters import QueryParameterContract
from training.api.serializers.effectiveness import EffectivenessSerializer
from training.forms.effectiveness import EffectivenessFilterForm
from training.models import Course
from training.selectors.effectiveness import effectiveness


class EffectivenessViewSet(QueryParameterContract, viewsets.GenericViewSet):
    query_parameters = ("vendor", "start", "end")
    queryset = Course.objects.all()  # scoped per user in get_queryset
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = EffectivenessSerializer
    pagination_class = None

    def get_queryset(self) -> object:
        return Course.objects.visible_to(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("vendor", OpenApiTypes.INT, description="Only this vendor's courses."),
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day; default a year before end."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (included); default today."),
        ],
        responses=EffectivenessSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        form = EffectivenessFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
        courses = self.get_queryset()
        if vendor_id := form.vendor_id():
            courses = courses.filter(vendor_id=vendor_id)
        rows = effectiveness(courses, form.period())
        return Response(EffectivenessSerializer(rows, many=True).data)

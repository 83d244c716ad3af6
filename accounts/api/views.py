from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import two_factor
from accounts.api.serializers import StaffMemberSerializer, TokenRequestSerializer
from accounts.filters import StaffMemberFilterSet
from accounts.lockout import lockout_message, lockout_seconds
from accounts.selectors import staff_list
from core.api.throttling import ClientScopedRateThrottle
from core.api.viewsets import ScopedModelViewSet


class TokenObtainView(ObtainAuthToken):
    """``POST /api/v1/auth/token/`` with ``username`` and ``password`` (and ``otp``, the second
    factor, for users who have or need one): the user's API token."""

    serializer_class = TokenRequestSerializer

    # DRF's ObtainAuthToken names its own parsers; the project's (deep JSON is a 400) apply here too.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "auth"
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request when it refused a locked-out username+client.
            if getattr(request, "axes_locked_out", False):
                raise Throttled(wait=lockout_seconds(), detail=lockout_message())
            raise ValidationError(serializer.errors)
        token = two_factor.api_token_obtain(
            user=serializer.validated_data["user"], otp=serializer.validated_data.get("otp")
        )
        return Response({"token": token.key})


class StaffMemberViewSet(ScopedModelViewSet):
    """The hospital staff directory: hospital users read it, admins keep it; vendor users never
    see it. People leave by being marked inactive, never deleted (their training records stay)."""

    write_action = "staff.manage"
    queryset = staff_list()
    serializer_class = StaffMemberSerializer
    filterset_class = StaffMemberFilterSet
    ordering_fields = ["name", "staff_number", "profession", "department", "site", "start_date"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

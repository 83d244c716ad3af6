"""``/api/v1/notification-preferences/``: the requesting user's own notification settings."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.parameters import QueryParameterContract
from notifications.api.serializers import PreferencesSerializer, PreferencesUpdateSerializer
from notifications.selectors import preference_rows
from notifications.services.preferences import ChannelChoice, preferences_save


class NotificationPreferencesView(QueryParameterContract, APIView):
    """Everyone reads and writes their own settings, whatever their role: they act on nothing
    but the requesting user."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferencesSerializer, summary="Your notification settings")
    def get(self, request: Request) -> Response:
        """Every event type your role can receive: whether it shows in the app, how it is
        emailed (``off``, ``immediate``, ``digest``), your role's default and whether you follow it."""
        return Response(PreferencesSerializer({"preferences": preference_rows(user=request.user)}).data)

    @extend_schema(
        request=PreferencesUpdateSerializer, responses=PreferencesSerializer, summary="Set your notification settings"
    )
    def put(self, request: Request) -> Response:
        """Replace your settings: ``{"preferences": [{"event_type": "kpi_alert", "in_app": true,
        "email": "immediate"}]}``. Event types left out return to their defaults (``[]`` resets
        all); choices equal to a default are not stored, so later changes of it reach you."""
        serializer = PreferencesUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        choices = {
            item["event_type"]: ChannelChoice(in_app=item["in_app"], email=item["email"])
            for item in serializer.validated_data["preferences"]
        }
        try:
            rows = preferences_save(user=request.user, choices=choices)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"preferences": error.message_dict}) from error
        return Response(PreferencesSerializer({"preferences": rows}).data)

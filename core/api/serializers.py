"""Serializer base: scoped foreign-key choices, and the model's own validation rules.

Rules that belong to one row live on the model (``clean`` and database constraints). Forms run
them through ``full_clean``; this base runs the same ones for the API, so the UI and the API can
never disagree about what is valid.
"""

import copy
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from core.api.fields import InstantField
from core.models import is_vendor_scoped


class ScopedModelSerializer(serializers.ModelSerializer):
    # Instants written through the API stay within core.instants' range.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: InstantField,
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and is_vendor_scoped(queryset.model):
                relation.queryset = queryset.visible_to(user)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(candidate, name, value)
        try:
            candidate.clean()
            candidate.validate_constraints()
        except DjangoValidationError as error:
            detail = get_error_detail(error)
            if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error
        return attrs


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's Django ValidationError as the API's 400: messages per field, the rest under
    ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})

"""The OpenAPI schema's view of the API's own contracts, beyond what drf-spectacular reads from
the code: a GET refuses query parameters it does not document (``core.api.parameters``), a time of
day is written as it is sent, and a field some callers never get is not required in responses."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

UNKNOWN_PARAMETER_RESPONSE = {
    "description": (
        "A query parameter this request does not take (or a filter value it cannot read): each is "
        "named, with the parameters the request takes. Lists page by `page` or by `cursor`, as "
        "their parameters say; neither is ignored on the other kind of list."
    ),
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "example": {"page": ["Unknown query parameter. This request takes: cursor, format, page_size, q, vendor."]},
        }
    },
}


# A wall-clock time in the calendar's zone ("08:00", "18:00:00"), without an offset. drf-spectacular
# says ``format: time``, which JSON Schema reads as RFC 3339's full-time, offset required: every
# business-hours window would break the schema (found by the schemathesis run).
TIME_OF_DAY_SCHEMA = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "08:00:00",
}


class AutoSchema(SpectacularAutoSchema):
    def _map_basic_serializer(self, serializer: serializers.Serializer, direction: str) -> dict:
        """A serializer's ``fields_not_always_present`` (e.g. credentials left out for vendor
        users) are documented but not required: a response without them is still valid."""
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "fields_not_always_present", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _map_serializer_field(self, field: serializers.Field, direction: str, bypass_extensions: bool = False) -> dict:
        if isinstance(field, serializers.TimeField):
            return dict(TIME_OF_DAY_SCHEMA)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self.method == "GET":
            operation["responses"].setdefault("400", UNKNOWN_PARAMETER_RESPONSE)
        return operation

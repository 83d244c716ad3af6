"""The OpenAPI schema's view of the API's own contracts, beyond what drf-spectacular reads from
the code: a GET refuses query parameters it does not document (``core.api.parameters``)."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

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


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self.method == "GET":
            operation["responses"].setdefault("400", UNKNOWN_PARAMETER_RESPONSE)
        return operation

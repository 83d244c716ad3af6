"""The API's one exception handler: DRF's own, plus the ``ValidationError`` that services and
models raise (Django's), answered as a 400 with messages per field like a serializer's, and the
``PermissionDenied`` of a service's role check (``core.permissions.require``), answered as a 403
that keeps its sentence. Views and serializers call services without catching: a refused write
is a 400 or a 403, never a 500."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.serializers import as_api_error


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    elif isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = PermissionDenied(str(exc))
    return drf_exception_handler(exc, context)

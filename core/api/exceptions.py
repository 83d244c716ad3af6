"""The API's one exception handler: DRF's own, plus

- the ``ValidationError`` that services and models raise (Django's), answered as a 400 with
  messages per field like a serializer's. Views and serializers call services without catching:
  a refused write is a 400, never a 500;
- the ``PermissionDenied`` of a service's role check (``core.permissions.require``), answered as a
  403 that keeps its sentence;
- the request errors Django raises while it reads form data (which DRF would let through as an
  HTML 400): form data over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is the same JSON 413 as any body over
  its limit, too many fields or files a 400."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.parsers import RequestTooLarge
from core.api.serializers import as_api_error


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    elif isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = PermissionDenied(str(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = ParseError(str(exc))
    return drf_exception_handler(exc, context)

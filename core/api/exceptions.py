"""The API's one exception handler: DRF's, plus the request errors Django raises while the body
is read (which DRF would let through as an HTML 400)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.template.defaultfilters import filesizeformat
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request is too large."


def api_exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(error, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        error = RequestTooLarge(f"The request's form data is larger than the limit of {limit}.")
    elif isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        error = ParseError(str(error))
    return exception_handler(error, context)

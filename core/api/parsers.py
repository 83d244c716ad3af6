"""The API's JSON parsers.

- ``SafeJSONParser``, the default: DRF's, with a body nested too deep for Python answered as a
  400 like any malformed JSON.
- ``BoundedJSONParser``, for the endpoints that take more than Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE (which otherwise answers an HTML 400 before the view runs). DRF
  reads a ``JSONParser``'s body through ``request.body`` and so through Django's limit; this
  parser is not one, so it reads the stream itself, at most ``max_bytes`` + 1 bytes, and answers
  an oversize body with a JSON 413 that names the limit in bytes.
"""

import codecs
import json
from typing import Any, ClassVar

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser, JSONParser

NESTED_TOO_DEEPLY = "JSON parse error - the document is nested too deeply."


class SafeJSONParser(JSONParser):
    """DRF's JSON parser catches ``ValueError`` only; ``[[[[…]]]]`` 100,000 deep raises
    ``RecursionError`` in the decoder, which would be a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(NESTED_TOO_DEEPLY) from error


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self, max_bytes: int) -> None:
        super().__init__({"non_field_errors": [f"The request body is over the limit of {max_bytes:,} bytes."]})


class BoundedJSONParser(BaseParser):
    """``application/json`` up to ``max_bytes`` (a subclass sets it for its endpoint)."""

    media_type = "application/json"
    max_bytes: ClassVar[int]

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise RequestTooLarge(self.max_bytes)  # refused before reading a byte of it
        body = stream.read(self.max_bytes + 1) if stream is not None else b""
        if len(body) > self.max_bytes:
            raise RequestTooLarge(self.max_bytes)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(codecs.decode(body, encoding))
        except RecursionError as error:
            raise ParseError(NESTED_TOO_DEEPLY) from error
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error

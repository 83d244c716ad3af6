"""The API's JSON parser: a body nested too deep for Python is a 400, like any malformed JSON."""

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser catches ``ValueError`` only; ``[[[[…]]]]`` 100,000 deep raises
    ``RecursionError`` in the decoder, which would be a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error

"""A response against the OpenAPI schema the project serves: the same validation schemathesis
does in ``pacsvendor/tests/test_api_fuzz.py``, for one route in an app's own tests.

    assert_matches_schema(admin_api.get(f"/api/v1/tickets/{ticket.pk}/"), "/api/v1/tickets/{id}/")
"""

import functools
import http.client

import requests
import schemathesis
from django.http import HttpResponseBase
from drf_spectacular.generators import SchemaGenerator


@functools.cache
def served_schema() -> schemathesis.BaseSchema:
    """The schema as ``/api/schema/`` serves it (built once per test process)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(document)


def _as_schemathesis_response(response: HttpResponseBase, method: str, path: str) -> schemathesis.Response:
    request = requests.Request(method=method.upper(), url=f"http://testserver{path}").prepare()
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return schemathesis.Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=content,
        request=request,
        elapsed=0.0,
        verify=True,
        message=http.client.responses.get(response.status_code, ""),
        http_version="1.1",
        encoding=response.charset,
    )


def assert_matches_schema(response: HttpResponseBase, template: str, method: str = "GET") -> None:
    """``response`` (of ``method`` on the route ``template``, e.g. ``/api/v1/tickets/{id}/``) has
    a documented content type and a body the schema's response for its status allows."""
    schema = served_schema()
    operation = schema[template][method.upper()]
    assert operation.responses.find_by_status_code(response.status_code) is not None, (
        f"{method} {template} does not document {response.status_code}"
    )
    wrapped = _as_schemathesis_response(response, method, response.wsgi_request.get_full_path())
    received = response.headers.get("Content-Type", "").split(";")[0].strip()
    documented = schema.get_content_types(operation, wrapped)
    assert "*/*" in documented or received in documented, f"{received} is not among {documented}"
    operation.validate_response(wrapped)  # raises naming each violation

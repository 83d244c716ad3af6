"""The API's documentation pages under the site's Content-Security-Policy: no inline script and
nothing fetched from another host (hospital networks are closed; see the CSP in settings)."""

from typing import ClassVar

from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response


class SignInToReadMixin:
    """A documentation page asked for without a session (``API_DOCS_PUBLIC`` off) sends the
    browser to the sign-in page and back, as every other page does, instead of a bare 401."""

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per process and API version: it changes only with the
    code, and generating it inspects every view and serializer (seconds, on each visit of the
    documentation pages otherwise). It is the same for every reader (``SERVE_PUBLIC``)."""

    _generated: ClassVar[dict[tuple[str | None, bool], dict]] = {}

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, self.serve_public)
        if key not in self._generated:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._generated[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(data=self._generated[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})


class SwaggerUIView(SignInToReadMixin, SpectacularSwaggerSplitView):
    """Swagger UI. Its start-up script is a second request to the same URL (``?script``), so the
    page runs under ``script-src 'self'``, where SpectacularSwaggerView's inline script is blocked."""

    template_name = "core/api/swagger_ui.html"


@method_decorator(csp_update({"worker-src": [SELF, "blob:"]}), name="get")
class RedocView(SignInToReadMixin, SpectacularRedocView):
    """Redoc, configured by attributes of its element rather than an inline ``Redoc.init``, with
    no web fonts. Its search index runs in a web worker that Redoc builds from a ``blob:`` URL,
    allowed on this page only."""

    template_name = "core/api/redoc.html"

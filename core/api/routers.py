"""The API's router: DRF's ``SimpleRouter``, with viewsets named by dotted path.

A router builds its URL patterns from the viewset classes (their actions, extra ``@action``
routes and lookup field), so a URLconf that builds them when it loads imports every viewset, and
with them every serializer, filter and service of the API: for each ``manage.py`` command (the
system checks load the URLconf) and each worker start. Here DRF's own ``SimpleRouter`` builds the
patterns the first time a request is resolved or a name reversed under them, so they are exactly
DRF's, built when the first API request or API link needs them.

Until then the resolver shows no patterns: Django's URL checks (a leading slash, a colon in a
name, a view class without ``as_view()``, duplicate namespaces) look for mistakes of hand-written
patterns, which a router's patterns cannot have. The test suite builds every router and runs the
URL checks over the result (``pacsvendor/tests/test_startup_imports.py``), and the schema
generator builds them before it enumerates the API (``core.api.schema_generator``).
"""

import threading
from typing import Any

from django.core.checks import CheckMessage
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import ResolverMatch, RoutePattern
from django.utils.module_loading import import_string


class LazyRouter:
    """Register viewsets by dotted path; ``urls`` goes into a URLconf as DRF routers' does."""

    def __init__(self) -> None:
        self.registry: list[tuple[str, str, str]] = []

    def register(self, prefix: str, viewset: str, basename: str) -> None:
        self.registry.append((prefix, viewset, basename))

    @property
    def urls(self) -> list[URLResolver]:
        return [RouterResolver(self.registry)]


class RouterResolver(URLResolver):
    """The router's patterns under an empty prefix, built by DRF when first resolved or reversed."""

    def __init__(self, registry: list[tuple[str, str, str]]) -> None:
        super().__init__(RoutePattern("", is_endpoint=False), urlconf_name=None)
        self.registry = list(registry)
        self._patterns: list[URLPattern] | None = None
        self._building = threading.Lock()

    @property
    def is_built(self) -> bool:
        return self._patterns is not None

    def build(self) -> list[URLPattern]:
        """Import the viewsets and let DRF's router make the patterns (once per process)."""
        if self._patterns is None:
            with self._building:
                if self._patterns is None:
                    from rest_framework.routers import SimpleRouter

                    router = SimpleRouter()
                    for prefix, viewset, basename in self.registry:
                        router.register(prefix, import_string(viewset), basename=basename)
                    self._patterns = router.urls
        return self._patterns

    @property  # type: ignore[override]
    def url_patterns(self) -> list[URLPattern]:
        return self._patterns or []

    @property  # type: ignore[override]
    def urlconf_module(self) -> list[URLPattern]:
        return self.url_patterns

    def resolve(self, path: str) -> ResolverMatch:
        self.build()
        return super().resolve(path)

    def _populate(self) -> None:
        self.build()
        super()._populate()

    def check(self) -> list[CheckMessage]:
        return super().check() if self.is_built else []

    def __repr__(self) -> str:
        prefixes = ", ".join(prefix for prefix, _, _ in self.registry)
        return f"<RouterResolver {prefixes}>"


def build_all_routers(patterns: Any) -> int:
    """Build every ``RouterResolver`` under ``patterns`` (e.g. the root resolver's ``url_patterns``);
    the number built by this call."""
    built = 0
    for pattern in patterns:
        if isinstance(pattern, RouterResolver) and not pattern.is_built:
            pattern.build()
            built += 1
        if isinstance(pattern, URLResolver):
            built += build_all_routers(pattern.url_patterns)
    return built

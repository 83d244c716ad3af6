"""Every URL pattern of the project, with what the scoping proof needs to know about it."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

from core.api.routers import build_all_routers
from core.views.lazy import LazyView


@dataclass(frozen=True)
class Route:
    name: str | None
    regex: str
    callback: Any
    kwarg_names: tuple[str, ...]

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def is_api_viewset(self) -> bool:
        return hasattr(self.callback, "actions") and hasattr(self.callback, "cls")

    @property
    def model(self) -> type[Model] | None:
        view_class = self.view_class
        if view_class is None:
            return None
        model = getattr(view_class, "model", None) or getattr(view_class, "url_object_model", None)
        queryset = getattr(view_class, "queryset", None)
        return model or (queryset.model if queryset is not None else None)

    def path(self, **kwargs: object) -> str:
        """A concrete path for this route (kwargs fill the named groups)."""
        pattern = self.regex.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")

        def fill(match: re.Match[str]) -> str:
            return str(kwargs[match.group(1)])

        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, pattern)
        return "/" + path.replace("^", "").replace("$", "")


def _regex_of(pattern: URLPattern | URLResolver) -> str:
    return pattern.pattern.regex.pattern


def load_every_view() -> list[URLPattern | URLResolver]:
    """The root URL patterns with every API router built and every view imported (URLconfs name
    them by dotted path: ``core.views.lazy``, ``core.api.routers``), for tests that walk them."""
    patterns = get_resolver().url_patterns
    build_all_routers(patterns)
    for route in iter_routes(patterns):
        if isinstance(route.callback, LazyView):
            assert route.callback.view  # imports the module: a wrong dotted path fails here
    return patterns


def iter_routes(patterns: list | None = None, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    """Every route under ``patterns`` (by default the whole project, routers built)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
        build_all_routers(patterns)
    for pattern in patterns:
        regex = prefix + _regex_of(pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            child_namespace = pattern.namespace
            if namespace and child_namespace:
                child_namespace = f"{namespace}:{child_namespace}"
            yield from iter_routes(pattern.url_patterns, regex, child_namespace or namespace)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            kwarg_names = tuple(re.findall(r"\(\?P<(\w+)>", regex))
            yield Route(name=name, regex=regex, callback=pattern.callback, kwarg_names=kwarg_names)

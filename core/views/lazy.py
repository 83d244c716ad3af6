"""Views that are imported at their first request rather than when the URLconf loads.

For the few pages whose modules are heavy and rarely asked for (the API schema and its two
documentation pages load drf-spectacular's generator, which pulls in ``django.test`` and
``unittest``). Every ``manage.py`` command and every worker start resolves the URLconf, so a
heavy import there costs every process, not just the request that needs it.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


def lazy_view(dotted_path: str, **initkwargs: Any) -> Callable[..., HttpResponse]:
    """A view function standing in for the view at ``dotted_path`` (a class-based view, built
    with ``initkwargs``, or a function). Only for views that need no CSRF exemption or other
    marks read from the view before it runs: the middleware sees this function, not the target."""
    target: Callable[..., HttpResponse] | None = None

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nonlocal target
        if target is None:
            found = import_string(dotted_path)
            target = found.as_view(**initkwargs) if isinstance(found, type) else found
        return target(request, *args, **kwargs)

    view.__name__ = dotted_path.rsplit(".", 1)[-1]
    view.__qualname__ = view.__name__
    view.__module__ = __name__
    view.lazy_target = dotted_path  # type: ignore[attr-defined]
    return view

"""Views named by dotted path in a URLconf and imported when a request first needs them.

Every ``manage.py`` command runs Django's system checks, and the URL check loads the whole
URLconf. If the URLconf imported the views, every command, test subprocess and worker start would
import every view module with its forms, tables, serializers and services (about 0.6 s here), to
run none of them. So URLconfs name their views::

    path("tickets/", lazy_view("tickets.views.TicketListView"), name="ticket_list")

and the module is imported the first time the view is called or asked for one of its marks
(``csrf_exempt``, ``vendor_reachable``, ``view_class``, DRF's ``cls``): the middleware, the URL
reverser and drf-spectacular read them, and they see the real view's. A mark set on the stand-in
itself (``vendor_reachable(lazy_view(...))``) stays on the stand-in.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


class LazyView:
    """A URLconf's stand-in for the view at ``dotted_path``: a class-based view (built through
    ``as_view(*args, **initkwargs)``; a DRF viewset takes its actions first) or a view function."""

    def __init__(self, dotted_path: str, *args: Any, **initkwargs: Any) -> None:
        self.dotted_path = dotted_path
        self.args = args
        self.initkwargs = initkwargs
        self._view: Any = None
        # What Django prints for the view (URL checks, ResolverMatch, admindocs) without importing it.
        self.__module__, _, self.__name__ = dotted_path.rpartition(".")
        self.__qualname__ = self.__name__

    @property
    def view(self) -> Any:
        """The view function, imported on first use."""
        if self._view is None:
            found = import_string(self.dotted_path)
            self._view = found.as_view(*self.args, **self.initkwargs) if isinstance(found, type) else found
        return self._view

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.view(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only called for what the stand-in does not hold itself: the view's marks.
        if name.startswith("__") or name in {"_view", "dotted_path", "args", "initkwargs"}:
            raise AttributeError(name)
        return getattr(self.view, name)

    def __repr__(self) -> str:
        return f"<LazyView {self.dotted_path}>"


def lazy_view(dotted_path: str, *args: Any, **initkwargs: Any) -> LazyView:
    """The view at ``dotted_path`` for a URLconf, imported when first needed (see the module)."""
    return LazyView(dotted_path, *args, **initkwargs)

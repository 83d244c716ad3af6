"""Which views a vendor user may reach: declared on the view, read by the confinement middleware
(``core.middleware``), never inferred from a URL path.

- A class-based view sets ``vendor_reachable = True`` (the portal's ``PortalMixin`` does, so every
  portal page is reachable), or is decorated with ``@vendor_reachable``.
- A function view, or a view made by ``as_view()`` in a URLconf (Django's sign-in pages), is
  wrapped: ``vendor_reachable(LoginView.as_view())``.
- Every DRF view is reachable: the API answers vendor users itself, through ``visible_to`` and its
  permission classes.

Reachable is not allowed: the view still checks who may see what (a token, ``visible_to``, a role).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from rest_framework.views import APIView

ViewT = TypeVar("ViewT", bound=Callable[..., Any] | type)


def vendor_reachable(view: ViewT) -> ViewT:
    """Mark a view (a class, or the function a URLconf routes to) as open to vendor users."""
    view.vendor_reachable = True  # type: ignore[union-attr]
    return view


def is_vendor_reachable(view_func: Callable[..., Any]) -> bool:
    """Whether the function a URL resolved to may serve a vendor user."""
    if getattr(view_func, "vendor_reachable", False):
        return True
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)  # Django / DRF
    if view_class is None:
        return False
    return issubclass(view_class, APIView) or bool(getattr(view_class, "vendor_reachable", False))

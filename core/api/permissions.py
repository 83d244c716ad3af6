"""API permissions: reading is scoped by ``visible_to``; each write is an action of the role
matrix (``core.permissions``), the same the hospital UI and the portal ask about."""

from typing import Any

from django.conf import settings
from django.db.models import Model
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from core.permissions import can, denial

WRITE_ACTIONS = ("create", "update", "partial_update", "destroy")


def permission_action_of(view: Any) -> str:
    """The matrix action a viewset's current action takes: named in ``view.permission_actions``
    (``{"severity": "ticket.change_severity"}``), else ``view.write_action`` for creating,
    changing and deleting rows; "" when the viewset names none (the write is refused)."""
    named: dict[str, str] = getattr(view, "permission_actions", {})
    viewset_action = getattr(view, "action", None) or ""
    if viewset_action in named:
        return named[viewset_action]
    return getattr(view, "write_action", "") if viewset_action in WRITE_ACTIONS else ""


class ActionPermission(BasePermission):
    """Active, authenticated users may read (rows are scoped by the queryset). A write needs the
    role matrix's leave for the action the viewset names for it; on one row, that row must be
    the user's to act on (a vendor user's own vendor's)."""

    message = "Your role may read this data but not change it."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in SAFE_METHODS or request.method.lower() not in view.http_method_names:
            return True  # reads are scoped; a method the view does not take is its 405
        action = permission_action_of(view)
        if not action:
            return False
        if not can(user, action):
            self.message = denial(action)
            return False
        return True

    def has_object_permission(self, request: Request, view: Any, obj: Model) -> bool:
        if request.method in SAFE_METHODS:
            return True
        action = permission_action_of(view)
        return bool(action) and can(request.user, action, obj)


class ApiDocsAccess(BasePermission):
    """The OpenAPI schema and its documentation pages: signed-in users only, unless the setting
    ``API_DOCS_PUBLIC`` opens them to everyone (the schema lists routes, never data, but a
    hospital need not show strangers its API). Read per request, so the setting takes effect
    without an import-time copy (drf-spectacular binds ``SERVE_PERMISSIONS`` at import)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if settings.API_DOCS_PUBLIC:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)

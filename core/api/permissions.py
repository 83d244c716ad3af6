"""API permissions: reading is scoped by ``visible_to``; writing is decided per viewset."""

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class RoleWritePermission(BasePermission):
    """Active, authenticated users may read (rows are scoped by the queryset); writes need
    ``view.has_write_access(user)``, which is hospital admins unless a viewset says otherwise."""

    message = "Your role may read this data but not change it."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in SAFE_METHODS:
            return True
        has_write_access = getattr(view, "has_write_access", None)
        return bool(has_write_access and has_write_access(user))


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

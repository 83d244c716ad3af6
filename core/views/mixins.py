"""Access mixins for the hospital UI: who may reach a page, and which rows it may touch."""

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from core.models import is_vendor_scoped
from core.roles import is_hospital_admin, is_hospital_user


class HospitalUserRequiredMixin(AccessMixin):
    """Hospital pages: anonymous users go to the login page, vendor users get 404."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_hospital_user(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class HospitalAdminRequiredMixin(HospitalUserRequiredMixin):
    """Pages that change data: hospital admins only; hospital staff get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and is_hospital_user(request.user) and not is_hospital_admin(request.user):
            raise PermissionDenied("Only hospital admins can change this.")
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """Every object a view reads or writes comes through ``visible_to(request.user)``."""

    request: HttpRequest

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()  # type: ignore[misc]
        if not is_vendor_scoped(queryset.model):
            raise TypeError(f"{queryset.model.__name__} has no visible_to(); scope it before exposing it.")
        return queryset.visible_to(self.request.user)


def protected_file_response(field_file: FieldFile, *, filename: str) -> FileResponse:
    """Serve an uploaded file as a download: never inline, never sniffed as HTML."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404("The file is missing from storage.")
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

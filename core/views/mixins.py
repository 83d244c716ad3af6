"""Access mixins for the hospital UI: who may reach a page, what the page lets its user do, and
which rows it may touch."""

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from core.models import is_vendor_scoped
from core.permissions import require
from core.roles import is_hospital_user


class ActionPermissionMixin:
    """A view that takes an action of the role matrix (``core.permissions``) declares it,
    ``permission_action = "ticket.open"``; a user whose role may not take it gets 403 before any
    handler runs. The audience mixins (hospital, portal) call ``check_permission_action`` once
    they know who the user is."""

    permission_action: str = ""

    def check_permission_action(self, request: HttpRequest) -> None:
        if self.permission_action:
            require(request.user, self.permission_action)


class RequiredPermissionActionMixin(ActionPermissionMixin):
    """For the generic views that write: a subclass that forgets to say which action it takes
    is refused, never open to every role."""

    def check_permission_action(self, request: HttpRequest) -> None:
        if not self.permission_action:
            raise ImproperlyConfigured(f"{type(self).__name__} writes: declare its permission_action.")
        super().check_permission_action(request)


class HospitalUserRequiredMixin(ActionPermissionMixin, AccessMixin):
    """Hospital pages: anonymous users go to the login page, vendor users get 404, and a hospital
    user whose role may not take the view's ``permission_action`` gets 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_hospital_user(request.user):
            raise Http404
        self.check_permission_action(request)
        return super().dispatch(request, *args, **kwargs)


class ScopedUrlObjectMixin:
    """A page about one object the URL names (a vendor's availability, a vendor's dashboard):
    ``url_object_model = Vendor`` and ``url_object_name = "vendor"`` declare it, and it is read
    through ``visible_to(request.user)`` once, before any handler runs, into ``self.<name>``.
    Missing or another vendor's is a 404. Put it after the audience mixin, which signs the
    user in first."""

    url_object_model: type[Model]
    url_object_name: str
    url_object_kwarg: str = "pk"
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_vendor_scoped(self.url_object_model):
            raise TypeError(f"{self.url_object_model.__name__} has no visible_to(); scope it before exposing it.")
        visible = self.url_object_model._default_manager.visible_to(request.user)
        found = visible.filter(pk=kwargs.get(self.url_object_kwarg)).first()
        if found is None:
            raise Http404
        setattr(self, self.url_object_name, found)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


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

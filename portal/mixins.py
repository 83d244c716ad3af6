"""The portal's one access rule (a vendor user, whose vendor comes from their account) and its
list page."""

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpRequest, HttpResponse

from core.roles import is_vendor_user
from core.views.generic import FilteredTableView
from core.views.mixins import ActionPermissionMixin
from vendors.models import Vendor


class PortalMixin(ActionPermissionMixin, AccessMixin):
    """Resolves ``self.vendor`` from the signed-in vendor user, never from the URL. Hospital
    users have the hospital UI; for them the portal does not exist (404). A page that takes an
    action declares it (``permission_action``), as the hospital's pages do."""

    vendor: Vendor
    vendor_reachable = True  # the confinement middleware lets vendor users in (core.views.reach)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_vendor_user(request.user) or request.user.vendor is None:
            raise Http404
        self.vendor = request.user.vendor
        self.check_permission_action(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["vendor"] = self.vendor
        return context


class PortalListView(PortalMixin, FilteredTableView):
    """A list of the vendor's own rows: the hospital's FilterSet and table, without the vendor
    filter."""

    template_name = "portal/object_list.html"
    title = ""

    def get_filterset(self, filterset_class: type) -> Any:
        filterset = super().get_filterset(filterset_class)
        filterset.filters.pop("vendor", None)  # the portal shows one vendor only
        return filterset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

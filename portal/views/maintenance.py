"""Maintenance windows in the vendor portal: the vendor's own windows, announcing one (it awaits
the hospital's approval), changing or cancelling work still to come, and the calendar feed."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalMaintenanceWindowTable
from slas.filters.maintenance import MaintenanceWindowFilterSet
from slas.forms.maintenance import PortalMaintenanceWindowForm
from slas.models import MaintenanceWindow
from slas.pages.maintenance import feed_panel, regenerate_feed, run_window_action, window_context
from slas.selectors import maintenance as selectors
from slas.selectors.agreements import agreement_in_force_for_vendor
from slas.services import maintenance as services


def _detail_url(window: MaintenanceWindow) -> str:
    return reverse("portal:maintenance_detail", kwargs={"pk": window.pk})


class PortalMaintenanceListView(PortalListView):
    queryset = selectors.maintenance_list()
    filterset_class = MaintenanceWindowFilterSet
    table_class = PortalMaintenanceWindowTable
    template_name = "portal/maintenance_list.html"
    title = "Maintenance windows"
    export_filename = "maintenance-windows"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["feed"] = feed_panel(self.request.user, regenerate_url=reverse("portal:maintenance_feed_regenerate"))
        return context


class PortalMaintenanceDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = selectors.maintenance_list()
    template_name = "portal/maintenance_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(window_context(self.object, self.request.user, show_vendor=False))
        return context


class PortalMaintenanceFormMixin(PortalMixin):
    """Announce or change the vendor's own window through ``maintenance_save``."""

    model = MaintenanceWindow
    form_class = PortalMaintenanceWindowForm
    template_name = "portal/maintenance_form.html"
    request: HttpRequest
    object: MaintenanceWindow | None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        if kwargs.get("instance") is None:
            kwargs["instance"] = MaintenanceWindow(vendor=self.vendor)
        return kwargs

    def form_valid(self, form: PortalMaintenanceWindowForm) -> HttpResponse:
        stored = form.instance if form.instance.pk else None
        try:
            plan = services.maintenance_plan(stored, form.cleaned_data)
            window = services.maintenance_save(window=stored, plan=plan, actor=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        verb = "announced" if stored is None else "changed"
        messages.success(self.request, f"{window} {verb}. It awaits the hospital's approval.")
        return HttpResponseRedirect(_detail_url(window))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        is_create = self.object is None
        context["title"] = "Announce maintenance" if is_create else f"Change {self.object}"
        context["submit_label"] = "Announce" if is_create else "Save and ask for approval"
        context["cancel_url"] = reverse("portal:maintenance_list") if is_create else _detail_url(self.object)
        # The rules the announcement is judged by, shown while it is written.
        context["agreement"] = agreement_in_force_for_vendor(vendor_id=self.vendor.pk, on=timezone.localdate())
        return context


class PortalMaintenanceCreateView(PortalMaintenanceFormMixin, CreateView):
    permission_action = "maintenance.announce"


class PortalMaintenanceUpdateView(PortalMaintenanceFormMixin, ScopedQuerysetMixin, UpdateView):
    """Only the vendor's open windows whose work is still to come."""

    permission_action = "maintenance.announce"
    queryset = selectors.maintenance_list()

    def _refuse(self) -> HttpResponse | None:
        self.object = self.get_object()
        if services.maintenance_may(self.object, self.request.user).edit:
            return None
        messages.error(self.request, "This window can no longer be changed here; ask the hospital.")
        return HttpResponseRedirect(_detail_url(self.object))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().post(request, *args, **kwargs)


class PortalMaintenanceCancelView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "maintenance.cancel"
    model = MaintenanceWindow

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = self.get_object()
        return run_window_action(
            request,
            lambda: services.maintenance_cancel(window=window, actor=request.user),
            success=f"{window} cancelled; the hospital has been told.",
            back_url=_detail_url(window),
        )


class PortalFeedRegenerateView(PortalMixin, View):
    """POST: make or replace the vendor user's calendar link."""

    def post(self, request: HttpRequest) -> HttpResponse:
        return regenerate_feed(request, back_url=reverse("portal:maintenance_list"))

"""Maintenance windows in the hospital UI: list with compliance, detail, record and edit (hospital
admins), approve or reject, record actual times, cancel; and the calendar feed, a secret per-user
URL that calendar applications poll without signing in (the key stands for its user: the feed
holds what that user may see; an unknown key, a deactivated user or a vendor the user may not
see is a 404). Every write is a service call; what the portal shares is in
``slas.pages.maintenance``."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.links import audience_of, object_url
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from core.views.reach import vendor_reachable
from slas.filters.maintenance import MaintenanceWindowFilterSet
from slas.forms.maintenance import ActualsForm, DecisionForm, MaintenanceWindowForm
from slas.ical import maintenance_calendar
from slas.models import MaintenanceWindow
from slas.pages.maintenance import feed_panel, regenerate_feed, run_window_action, window_context
from slas.selectors import maintenance as selectors
from slas.services import maintenance as services
from slas.tables.maintenance import MaintenanceWindowTable
from vendors.models import Vendor


def actuals_initial(window: MaintenanceWindow) -> dict[str, Any]:
    """What was recorded; else, once the planned start has passed, the planned start."""
    started = window.actual_start
    if started is None and window.planned_start <= timezone.now():
        started = window.planned_start
    return {"actual_start": started, "actual_end": window.actual_end}


class MaintenanceWindowListView(ObjectListView):
    manage_action = "maintenance.announce"
    queryset = selectors.maintenance_list()
    filterset_class = MaintenanceWindowFilterSet
    table_class = MaintenanceWindowTable
    export_filename = "maintenance-windows"
    add_label = "Record maintenance"
    template_name = "slas/maintenance_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["feed"] = feed_panel(self.request.user, regenerate_url=reverse("slas:maintenance_feed_regenerate"))
        return context


class MaintenanceWindowDetailView(ObjectDetailView):
    manage_action = "maintenance.announce"
    queryset = selectors.maintenance_list()
    template_name = "slas/maintenance_detail.html"

    def get_related(self) -> dict[str, Any]:
        context = window_context(self.object, self.request.user)
        window = self.object
        context["decision_form"] = DecisionForm()
        context["actuals_form"] = ActualsForm(initial=actuals_initial(window))
        return context

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not context["may"].edit:
            context["edit_url"] = None
        return context


class MaintenanceWindowFormMixin:
    model = MaintenanceWindow
    form_class = MaintenanceWindowForm
    template_name = "slas/maintenance_form.html"
    request: HttpRequest

    def save_form(self, form: MaintenanceWindowForm) -> MaintenanceWindow:
        window = form.instance if form.instance.pk else None
        plan = services.maintenance_plan(window, form.cleaned_data)
        return services.maintenance_save(window=window, plan=plan, actor=self.request.user)


class MaintenanceWindowCreateView(MaintenanceWindowFormMixin, ObjectCreateView):
    permission_action = "maintenance.announce"
    title = "Record a maintenance window"
    submit_label = "Record window"


class MaintenanceWindowUpdateView(MaintenanceWindowFormMixin, ObjectUpdateView):
    """Open windows only; a hospital admin's save approves a proposed window."""

    permission_action = "maintenance.announce"

    def _refuse(self) -> HttpResponse | None:
        self.object = self.get_object()
        if services.maintenance_may(self.object, self.request.user).edit:
            return None
        messages.error(self.request, f"A {self.object.get_state_display().lower()} window cannot be changed.")
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse() or super().post(request, *args, **kwargs)


class WindowFormActionView(SingleObjectMixin, View):
    """One action on a window with a small form: POST runs it and goes back to the window's
    page; bad input (or a rule the service refuses) shows the form again with the reason.
    GET shows the form on its own page."""

    model = MaintenanceWindow
    form_class: type[forms.Form] = forms.Form
    title: str = ""
    template_name = "slas/maintenance_action.html"
    form_template: str = ""
    request: HttpRequest

    def back_url(self, window: MaintenanceWindow) -> str:
        return window.get_absolute_url()

    def initial(self, window: MaintenanceWindow) -> dict[str, Any]:
        return {}

    def perform(self, window: MaintenanceWindow, data: dict[str, Any]) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def page(self, window: MaintenanceWindow, form: forms.Form, status: int = 200) -> HttpResponse:
        context = {
            "object": window,
            "form": form,
            "title": self.title,
            "back_url": self.back_url(window),
            "form_template": self.form_template,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = self.get_object()
        return self.page(window, self.form_class(initial={**self.initial(window), **request.GET.dict()}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.perform(window, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.back_url(window))
        return self.page(window, form, status=400)


class MaintenanceDecideView(HospitalUserRequiredMixin, ScopedQuerysetMixin, WindowFormActionView):
    permission_action = "maintenance.decide"
    form_class = DecisionForm
    form_template = "slas/includes/maintenance_decision_form.html"
    title = "Approve or reject maintenance"

    def perform(self, window: MaintenanceWindow, data: dict[str, Any]) -> str:
        approve = data["decision"] == "approve"
        window = services.maintenance_decide(window=window, approve=approve, actor=self.request.user, note=data["note"])
        return f"{window} {window.get_state_display().lower()}; the vendor has been told."


class MaintenanceActualsView(HospitalUserRequiredMixin, ScopedQuerysetMixin, WindowFormActionView):
    permission_action = "maintenance.record_actuals"
    form_class = ActualsForm
    form_template = "slas/includes/maintenance_actuals_form.html"
    title = "Record when the work happened"

    def initial(self, window: MaintenanceWindow) -> dict[str, Any]:
        return actuals_initial(window)

    def perform(self, window: MaintenanceWindow, data: dict[str, Any]) -> str:
        services.maintenance_record_actuals(
            window=window, actual_start=data["actual_start"], actual_end=data["actual_end"]
        )
        return f"Actual times of {window} saved."


class MaintenanceCancelView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "maintenance.cancel"
    model = MaintenanceWindow

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = self.get_object()
        return run_window_action(
            request,
            lambda: services.maintenance_cancel(window=window, actor=request.user),
            success=f"{window} cancelled; the vendor has been told.",
            back_url=window.get_absolute_url(),
        )


@vendor_reachable  # calendar applications fetch it with the key in the URL, not a session
class MaintenanceFeedView(View):
    """GET ``feed/<key>.ics`` (everything the key's user may see) or
    ``feed/<key>/vendor/<vendor_id>.ics`` (one vendor)."""

    def get(self, request: HttpRequest, key: str, vendor_id: int | None = None) -> HttpResponse:
        user = selectors.feed_owner(key)
        if user is None:
            raise Http404("No such calendar feed.")
        name = "PACS maintenance windows"
        if vendor_id is not None:
            vendor = Vendor.objects.visible_to(user).filter(pk=vendor_id).only("pk", "name").first()
            if vendor is None:
                raise Http404("No such calendar feed.")
            name = f"Maintenance: {vendor.name}"
        audience = audience_of(user)  # a vendor user's feed links to the windows' pages in the portal

        def detail_url(window: MaintenanceWindow) -> str:
            return settings.SITE_URL + object_url(window, audience=audience)

        windows = selectors.feed_windows(user, vendor_id=vendor_id)
        response = HttpResponse(
            maintenance_calendar(windows, name=name, detail_url=detail_url), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="maintenance.ics"'
        # The URL is a secret: no shared cache may keep it, and no search engine index it.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class FeedRegenerateView(HospitalUserRequiredMixin, View):
    """POST: make or replace the signed-in hospital user's feed link."""

    def post(self, request: HttpRequest) -> HttpResponse:
        return regenerate_feed(request, back_url=reverse("slas:maintenancewindow_list"))

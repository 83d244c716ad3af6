"""Maintenance windows in the hospital UI: list with compliance, detail, record and edit (hospital
admins), approve or reject, record actual times, cancel. Every write is a service call."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views import (
    HospitalAdminRequiredMixin,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
)
from slas.filters.maintenance import MaintenanceWindowFilterSet
from slas.forms.maintenance import ActualsForm, DecisionForm, MaintenanceWindowForm
from slas.models import MaintenanceWindow
from slas.selectors import maintenance as selectors
from slas.services import maintenance as services
from slas.tables.maintenance import STATE_BADGES, MaintenanceWindowTable, state_badge
from slas.views.feeds import feed_panel


def notice_text(notice: datetime.timedelta) -> str:
    """Notice as people say it: ``6 days 2 h``, ``20 h``, ``45 min``."""
    minutes = max(int(notice.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days >= 2:
        return f"{days} days {hours} h" if hours else f"{days} days"
    hours += days * 24
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def window_context(window: MaintenanceWindow, user: Any, *, show_vendor: bool = True) -> dict[str, Any]:
    """What the shared detail partial shows, for the hospital page and the portal page alike."""
    actual_end = window.actual_end
    return {
        "window": window,
        "show_vendor": show_vendor,
        "state_badge": state_badge(window),
        "state_colour": STATE_BADGES[window.state],
        "planned_duration": window.planned_end - window.planned_start,
        "notice_given": notice_text(window.planned_start - window.announced_at),
        "actual_duration": actual_end - window.actual_start if actual_end and window.actual_start else None,
        "compliance": selectors.maintenance_compliance_of(window),
        "may": services.maintenance_may(window, user),
    }


def form_errors(form: forms.Form, error: ValidationError) -> ValidationError:
    """A service's ValidationError for ``form.add_error(None, ...)``: messages about fields the
    form shows stay on those fields, the rest go to the top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    mapped: dict[str, list[str]] = {}
    for field, field_messages in error.message_dict.items():
        mapped.setdefault(field if field in form.fields else NON_FIELD_ERRORS, []).extend(field_messages)
    return ValidationError(mapped)


def actuals_initial(window: MaintenanceWindow) -> dict[str, Any]:
    """What was recorded; else, once the planned start has passed, the planned start."""
    started = window.actual_start
    if started is None and window.planned_start <= timezone.now():
        started = window.planned_start
    return {"actual_start": started, "actual_end": window.actual_end}


class MaintenanceWindowListView(ObjectListView):
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
        try:
            return services.maintenance_save(
                window=form.instance, components=form.cleaned_data["components"], actor=self.request.user
            )
        except ValidationError as error:
            raise form_errors(form, error) from error


class MaintenanceWindowCreateView(MaintenanceWindowFormMixin, ObjectCreateView):
    title = "Record a maintenance window"
    submit_label = "Record window"


class MaintenanceWindowUpdateView(MaintenanceWindowFormMixin, ObjectUpdateView):
    """Open windows only; a hospital admin's save approves a proposed window."""

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
                form.add_error(None, form_errors(form, error))
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.back_url(window))
        return self.page(window, form, status=400)


class MaintenanceDecideView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, WindowFormActionView):
    form_class = DecisionForm
    form_template = "slas/includes/maintenance_decision_form.html"
    title = "Approve or reject maintenance"

    def perform(self, window: MaintenanceWindow, data: dict[str, Any]) -> str:
        approve = data["decision"] == "approve"
        window = services.maintenance_decide(window=window, approve=approve, actor=self.request.user, note=data["note"])
        return f"{window} {window.get_state_display().lower()}; the vendor has been told."


class MaintenanceActualsView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, WindowFormActionView):
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


def run_window_action(
    request: HttpRequest, call: Callable[[], MaintenanceWindow], *, success: str, back_url: str
) -> HttpResponse:
    """A POST-only action (cancel) for the hospital UI and the portal: call, report, go back."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(back_url)


class MaintenanceCancelView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = MaintenanceWindow

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = self.get_object()
        return run_window_action(
            request,
            lambda: services.maintenance_cancel(window=window, actor=request.user),
            success=f"{window} cancelled; the vendor has been told.",
            back_url=window.get_absolute_url(),
        )

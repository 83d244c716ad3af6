"""Hospital UI of the PACS probes: list, add, edit, the probe page with its recent runs, "Run
now" and switching a probe on or off. Hospital staff read; hospital admins change. Writes go
through ``kpis.services.probe_config``; every read is scoped by ``visible_to``; the probe page's
facts come from ``kpis.pages.probes``, shared with the portal."""

from typing import Any

from auditlog.registry import auditlog
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin
from kombu.exceptions import OperationalError

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from kpis.filters.probes import ProbeFilterSet
from kpis.forms.probes import ProbeForm
from kpis.models import Probe
from kpis.pages.probes import probe_context
from kpis.selectors.probes import open_incident_id, probe_list
from kpis.services.probe_config import probe_run_queue, probe_save, probe_set_active
from kpis.tables.probes import ProbeTable


class ProbeListView(ObjectListView):
    manage_action = "probe.manage"
    queryset = probe_list()
    filterset_class = ProbeFilterSet
    table_class = ProbeTable
    export_filename = "probes"
    add_label = "Add probe"
    template_name = "kpis/probe_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No probes yet. A probe measures a vendor's PACS from our side: echo, query and image "
                "retrieval times, and storage for Orthanc."
            )
        return context


class ProbeDetailView(ObjectDetailView):
    manage_action = "probe.manage"
    queryset = probe_list()
    template_name = "kpis/probe_detail.html"

    def get_related(self) -> dict[str, Any]:
        return probe_context(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not auditlog.contains(Probe):
            context["history"] = None  # no trail is kept for probes: show none rather than an empty one
        return context


class ProbeFormMixin:
    """Add or edit a probe through ``probe_save`` (the password as the form says)."""

    model = Probe
    form_class = ProbeForm
    template_name = "kpis/probe_form.html"
    permission_action = "probe.manage"
    request: HttpRequest
    object: Probe | None
    is_create: bool

    def get_cancel_url(self) -> str:
        # Probes (a model we leave as it is) have no get_absolute_url.
        probe = self.object
        return reverse("kpis:probe_detail", args=[probe.pk]) if probe else reverse("kpis:probe_list")

    def save_form(self, form: ProbeForm) -> Probe:
        return probe_save(probe=form.instance, **form.password_change())

    def get_success_url(self) -> str:
        return reverse("kpis:probe_detail", args=[self.object.pk])


class ProbeCreateView(ProbeFormMixin, ObjectCreateView):
    title = "Add a probe"


class ProbeUpdateView(ProbeFormMixin, ObjectUpdateView):
    pass


class ProbeActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "probe.manage"
    model = Probe
    http_method_names = ["post"]

    def back(self, probe: Probe) -> HttpResponse:
        return HttpResponseRedirect(reverse("kpis:probe_detail", args=[probe.pk]))


class ProbeRunNowView(ProbeActionView):
    """Queue one run of the probe for a worker; the page shows it once it is recorded."""

    # The run is queued when its own transaction commits, before the page answers: a broker
    # that is down is reported on the page (core.middleware: writes are atomic otherwise).
    @transaction.non_atomic_requests
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        probe = self.get_object()
        try:
            with transaction.atomic():
                probe_run_queue(probe=probe)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except OperationalError:
            messages.error(
                request, "The task queue cannot be reached right now; the probe will run at its next interval."
            )
        else:
            messages.success(
                request,
                f"A run of “{probe}” is queued. A worker runs it in a moment; reload the page to see it.",
            )
        return self.back(probe)


class ProbeActiveView(ProbeActionView):
    """Switch a probe on or off (probes are not deleted: their runs are measurements)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        probe = self.get_object()
        active = request.POST.get("active") == "1"
        probe_set_active(probe=probe, active=active)
        if active:
            messages.success(request, f"Probe “{probe}” is active: it runs every {probe.interval_minutes} min.")
        else:
            text = f"Probe “{probe}” is inactive: it no longer runs; its runs are kept."
            incident_id = open_incident_id(probe)
            if incident_id:
                text += f" Its incident INC-{incident_id} stays open until someone ends it."
            messages.success(request, text)
        return self.back(probe)

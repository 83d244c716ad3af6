"""QBR packs in the hospital UI: the list (hospital admins generate a held review's pack from
it), a pack's page with its progress while a worker builds it and its sends, sending it to the
meeting's attendees and the vendor's contacts, and the PDF."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.permissions import can, require
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from reports.filters import QbrPackFilterSet
from reports.forms import QbrPackForm
from reports.models import QbrPack
from reports.pages import qbr_pack_pdf_response
from reports.selectors import qbr_pack_list
from reports.services.qbr import qbr_pack_queue
from reports.services.qbr_delivery import qbr_pack_addressees, qbr_pack_deliveries, qbr_pack_send
from reports.tables import QbrPackTable


class QbrPackListView(ObjectListView):
    queryset = qbr_pack_list()
    filterset_class = QbrPackFilterSet
    table_class = QbrPackTable
    export_filename = "qbr-packs"
    template_name = "reports/qbr_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_generate"] = can(self.request.user, "report.manage")
        if context["can_generate"]:
            context["generate_form"] = kwargs.get("generate_form") or QbrPackForm(user=self.request.user)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "report.manage")
        form = QbrPackForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                pack = qbr_pack_queue(meeting=form.cleaned_data["meeting"], requested_by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.info(request, f"Generating the QBR pack of {pack.meeting}. Its page shows the progress.")
                return HttpResponseRedirect(pack.get_absolute_url())
        filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        context = self.get_context_data(filter=filterset, object_list=self.object_list, generate_form=form)
        return self.render_to_response(context, status=400)


class QbrPackDetailView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    queryset = qbr_pack_list()
    template_name = "reports/qbr_detail.html"
    context_object_name = "pack"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can(self.request.user, "report.manage")
        context["deliveries"] = qbr_pack_deliveries(self.object)
        if context["can_manage"] and self.object.state == QbrPack.State.READY:
            context["addressees"] = qbr_pack_addressees(self.object)
        return context


class QbrPackProgressView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """What htmx polls while a pack is generating: its progress card, which reloads the page
    once the pack is done."""

    queryset = qbr_pack_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = self.get_object()
        response = render(request, "reports/includes/qbr_progress.html", {"pack": pack})
        if pack.state != QbrPack.State.GENERATING:
            response["HX-Refresh"] = "true"
        return response


class QbrPackRegenerateView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Build the pack again from the meeting as it is now (minutes, decisions, actions)."""

    permission_action = "report.manage"
    queryset = qbr_pack_list()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = self.get_object()
        try:
            qbr_pack_queue(meeting=pack.meeting, requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, "Generating the pack again. This page shows the progress.")
        return HttpResponseRedirect(pack.get_absolute_url())


class QbrPackSendView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """Email the generated pack to the meeting's attendees and the vendor's contacts (again)."""

    permission_action = "report.manage"
    queryset = qbr_pack_list()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pack = self.get_object()
        try:
            deliveries = qbr_pack_send(pack=pack, requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            verb = "Sending" if deliveries[0].kind == deliveries[0].Kind.SEND else "Sending again"
            messages.success(
                request, f"{verb}: the pack goes to {len(deliveries)} address{'es' if len(deliveries) != 1 else ''}."
            )
        return HttpResponseRedirect(pack.get_absolute_url() + "#deliveries")


class QbrPackPdfView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = qbr_pack_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return qbr_pack_pdf_response(self.get_object())

"""Hospital UI of the KPI catalogue: every signed-in hospital user reads it, hospital admins add
and edit KPIs."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from core.roles import is_hospital_admin
from core.views.generic import ObjectCreateView, ObjectFormMixin, ObjectListView, ObjectUpdateView
from kpis.filters.catalogue import KpiFilterSet
from kpis.forms.catalogue import KpiForm
from kpis.models import Kpi
from kpis.selectors.catalogue import kpi_list
from kpis.tables.catalogue import KpiTable


class KpiListView(ObjectListView):
    queryset = kpi_list()
    filterset_class = KpiFilterSet
    table_class = KpiTable
    export_filename = "kpis"
    add_label = "Add KPI"
    template_name = "kpis/kpi_list.html"

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "can_edit": is_hospital_admin(self.request.user)}


class KpiFormMixin:
    model = Kpi
    form_class = KpiForm
    request: HttpRequest

    def get_success_url(self) -> str:
        return reverse("kpis:kpi_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The generic form context links "Cancel" to the object's own page; KPIs have none, the
        # catalogue is their page.
        context = super(ObjectFormMixin, self).get_context_data(**kwargs)  # type: ignore[misc]
        is_create = self.object is None  # type: ignore[attr-defined]
        context.update(
            model_verbose_name="KPI",
            is_create=is_create,
            title="Add a KPI" if is_create else f"Edit KPI “{self.object}”",  # type: ignore[attr-defined]
            submit_label="Create" if is_create else "Save",
            cancel_url=reverse("kpis:kpi_list"),
        )
        return context

    def form_valid(self, form: KpiForm) -> HttpResponse:
        with transaction.atomic():
            self.object = form.save()
        verb = "created" if self.is_create else "saved"  # type: ignore[attr-defined]
        messages.success(self.request, f"KPI “{self.object}” {verb}.")
        return HttpResponseRedirect(self.get_success_url())


class KpiCreateView(KpiFormMixin, ObjectCreateView):
    pass


class KpiUpdateView(KpiFormMixin, ObjectUpdateView):
    pass

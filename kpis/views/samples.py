"""Hospital UI of the KPI samples: list and export (streamed), record one, import a CSV. Views
parse and call ``kpis.services``; every read is scoped."""

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from core.exports import csv_download, csv_lines
from core.formatting import format_count, format_quantity
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin
from kpis.filters.samples import KpiSampleFilterSet
from kpis.forms.samples import SampleForm, SampleImportForm
from kpis.models import KpiSample
from kpis.selectors.samples import sample_list
from kpis.services import sample_imports
from kpis.services.sample_storage import raw_samples_kept_since, retention_months
from kpis.services.samples import SamplesInvalid, samples_ingest
from kpis.tables.samples import KpiSampleTable, reported_by

EXPORT_COLUMNS = ("kpi", "vendor", "component", "measured_at", "value", "unit", "source", "reported_by")
EXPORT_ORDER = {"measured_at": ("measured_at", "id"), "-measured_at": ("-measured_at", "-id")}


def sample_csv_rows(samples: QuerySet[KpiSample]) -> Iterator[str]:
    """The export, read in chunks (a filter may still match millions of rows). Its first five
    columns are the import's, so an export edited in a spreadsheet can be imported again."""
    rows = (
        [
            sample.kpi.code,
            sample.vendor.name,
            str(sample.component) if sample.component_id else "",
            timezone.localtime(sample.measured_at).isoformat(),
            sample.value,
            sample.kpi.unit,
            sample.source,
            reported_by(sample),
        ]
        for sample in samples.iterator(chunk_size=2000)
    )
    return csv_lines(EXPORT_COLUMNS, rows)


def retention_context() -> dict[str, Any]:
    """What the sample pages say of the raw-sample retention."""
    return {"samples_kept_since": raw_samples_kept_since(), "retention_months": retention_months()}


class KpiSampleListView(ObjectListView):
    manage_action = "kpi.submit_samples"
    queryset = sample_list()
    filterset_class = KpiSampleFilterSet
    table_class = KpiSampleTable
    export_filename = "kpi-samples"
    add_label = "Record a sample"
    template_name = "kpis/sample_list.html"
    lazy_pagination = True  # millions of samples: no COUNT(*)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **retention_context()}

    def export_csv(self) -> HttpResponse:
        filterset = self.get_filterset(self.get_filterset_class())
        samples = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        samples = samples.order_by(*EXPORT_ORDER.get(self.request.GET.get("sort", ""), EXPORT_ORDER["-measured_at"]))
        return csv_download(sample_csv_rows(samples), filename=self.export_filename)


class SampleRecordView(HospitalUserRequiredMixin, FormView):
    """One sample typed in by a hospital admin, through the same ingest as the API and imports."""

    permission_action = "kpi.submit_samples"
    form_class = SampleForm
    template_name = "kpis/sample_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        fields = SampleForm.base_fields
        kwargs["initial"] = {key: value for key, value in self.request.GET.items() if key in fields}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Record a sample",
            submit_label="Record",
            cancel_url=reverse("kpis:kpisample_list"),
            import_url=reverse("kpis:kpisample_import"),
        )
        return context

    def form_valid(self, form: SampleForm) -> HttpResponse:
        try:
            samples_ingest(samples=[form.sample()], user=self.request.user)
        except SamplesInvalid as error:
            for problem in error.rows.get(0, []):
                form.add_error(None, problem)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        data = form.cleaned_data
        messages.success(
            self.request, f"Sample recorded: {data['kpi'].name} {format_quantity(data['value'], data['kpi'].unit)}."
        )
        if "another" in self.request.POST:
            keep = {"kpi": data["kpi"].pk, "vendor": data["vendor"].pk}
            if data.get("component"):
                keep["component"] = data["component"].pk
            query = "&".join(f"{key}={value}" for key, value in keep.items())
            return HttpResponseRedirect(f"{reverse('kpis:kpisample_add')}?{query}")
        return HttpResponseRedirect(reverse("kpis:kpisample_list"))


class SampleImportView(HospitalUserRequiredMixin, View):
    """Upload a CSV of samples; the page lists every bad line, or says how many were imported."""

    permission_action = "kpi.submit_samples"
    template_name = "kpis/sample_import.html"

    def _page(self, request: HttpRequest, form: SampleImportForm, **context: Any) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "columns": sample_imports.COLUMNS,
                "max_rows": sample_imports.MAX_ROWS,
                **retention_context(),
                **context,
            },
            status=400 if context.get("report") or form.errors else 200,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, SampleImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SampleImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        upload = form.cleaned_data["file"]
        report = sample_imports.samples_import_csv(content=upload.read(), user=request.user)
        if report.ok:
            messages.success(request, f"{format_count(report.imported, 'sample')} imported from {upload.name}.")
            return HttpResponseRedirect(reverse("kpis:kpisample_list"))
        return self._page(request, SampleImportForm(), report=report, filename=upload.name)

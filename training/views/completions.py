"""Completions in the hospital UI: the list (filtered, exported), recording one by hand, and
importing an e-learning platform's export."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from core.formatting import format_count
from core.forms import add_service_errors
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, RequiredPermissionActionMixin
from training.filters.completions import CompletionFilterSet
from training.forms.completions import CompletionForm, CompletionImportForm
from training.selectors.completions import completion_list
from training.services import completion_imports
from training.services.completions import completion_record
from training.tables.completions import CompletionTable


class CompletionListView(ObjectListView):
    manage_action = "completion.record"
    queryset = completion_list()
    filterset_class = CompletionFilterSet
    table_class = CompletionTable
    export_filename = "training-completions"
    add_label = "Record a completion"
    template_name = "training/completion_list.html"


class CompletionCreateView(RequiredPermissionActionMixin, HospitalUserRequiredMixin, FormView):
    permission_action = "completion.record"
    form_class = CompletionForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        # "Record a completion" from a transcript or a course arrives with ?person= or ?course=.
        return {key: value for key, value in self.request.GET.items() if key in ("person", "course")}

    def form_valid(self, form: CompletionForm) -> HttpResponse:
        try:
            completion = completion_record(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Recorded: {completion}.")
        return HttpResponseRedirect(completion.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Record a completion",
            submit_label="Record",
            cancel_url=reverse("training:completion_list"),
        )
        return context


class CompletionImportView(RequiredPermissionActionMixin, HospitalUserRequiredMixin, View):
    """Upload an e-learning platform's export; the page lists every bad line, or what was stored."""

    permission_action = "completion.record"
    template_name = "training/completion_import.html"

    def _page(self, request: HttpRequest, form: CompletionImportForm, **context: Any) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"form": form, "columns": completion_imports.COLUMNS, "max_rows": completion_imports.MAX_ROWS, **context},
            status=400 if context.get("report") or form.errors else 200,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, CompletionImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CompletionImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        upload = form.cleaned_data["file"]
        report = completion_imports.completions_import_csv(content=upload.read(), by=request.user)
        if report.ok:
            messages.success(request, f"{upload.name}: {format_count(report.imported, 'new completion')} recorded.")
            return HttpResponseRedirect(reverse("training:completion_list"))
        return self._page(request, CompletionImportForm(), report=report, filename=upload.name)

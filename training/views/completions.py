"""Completions in the hospital UI: the list (filtered, exported) and recording one by hand."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView

from core.forms import add_service_errors
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, RequiredPermissionActionMixin
from training.filters.completions import CompletionFilterSet
from training.forms.completions import CompletionForm
from training.selectors.completions import completion_list
from training.services.completions import completion_record
from training.tables.completions import CompletionTable


class CompletionListView(ObjectListView):
    manage_action = "completion.record"
    queryset = completion_list()
    filterset_class = CompletionFilterSet
    table_class = CompletionTable
    export_filename = "training-completions"
    add_label = "Record a completion"


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

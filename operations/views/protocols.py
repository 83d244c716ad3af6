"""Hospital pages of test-protocol templates: the list, adding and editing one (through
``operations.services.protocols.template_save``), its page with its cases, and adding or removing
a case. A plan's own protocol is on the plan's page (``operations.pages.protocols``)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from operations.filters.protocols import ProtocolTemplateFilterSet
from operations.forms.protocols import ProtocolTemplateForm, TemplateCaseForm
from operations.models import ProtocolTemplate
from operations.selectors.protocols import template_detail, template_list
from operations.services.protocols import template_case_add, template_case_remove, template_save
from operations.tables.protocols import ProtocolTemplateTable


class ProtocolTemplateListView(ObjectListView):
    queryset = template_list()
    manage_action = "protocol.manage"
    filterset_class = ProtocolTemplateFilterSet
    table_class = ProtocolTemplateTable
    export_filename = "test-protocol-templates"
    add_label = "Add a template"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No test-protocol templates yet. Add one per component kind (DICOM query/retrieve for "
                "archives, HL7 orders in and results out for the interface engine, viewer launch, prior "
                "retrieval): a change plan copies its cases and runs them after the change."
            )
        return context


class ProtocolTemplateSaveMixin:
    request: HttpRequest

    def save_form(self, form: ProtocolTemplateForm) -> Model:
        return template_save(template=form.instance, by=self.request.user)


class ProtocolTemplateCreateView(ProtocolTemplateSaveMixin, ObjectCreateView):
    permission_action = "protocol.manage"
    model = ProtocolTemplate
    form_class = ProtocolTemplateForm
    title = "Add a test-protocol template"
    success_message = "Template “{object}” added: now give it its cases."


class ProtocolTemplateUpdateView(ProtocolTemplateSaveMixin, ObjectUpdateView):
    permission_action = "protocol.manage"
    model = ProtocolTemplate
    form_class = ProtocolTemplateForm


class ProtocolTemplateDetailView(ObjectDetailView):
    queryset = template_detail()
    manage_action = "protocol.manage"
    template_name = "operations/protocoltemplate_detail.html"

    def get_related(self) -> dict[str, Any]:
        return {"cases": list(self.object.cases.all()), "case_form": TemplateCaseForm()}


class ProtocolTemplateCaseView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``action=add`` (a case at the end) or ``action=remove`` (``case``) on a template."""

    permission_action = "protocol.manage"
    model = ProtocolTemplate
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = self.get_object()
        back = template.get_absolute_url()
        if request.POST.get("action") == "remove":
            case = get_object_or_404(template.cases, pk=request.POST.get("case", "").strip() or 0)
            template_case_remove(case=case, by=request.user)
            messages.success(request, f"Case “{case.title}” removed; plans that copied it keep their copy.")
            return HttpResponseRedirect(back)
        form = TemplateCaseForm(request.POST)
        if not form.is_valid():
            problems = " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            messages.error(request, f"Not saved: {problems}")
            return HttpResponseRedirect(back)
        try:
            case = template_case_add(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, f"Not saved: {' '.join(error.messages)}")
        else:
            messages.success(request, f"Case {case.position} added.")
        return HttpResponseRedirect(back)

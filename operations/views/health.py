"""Hospital pages of health assessments: the checklist templates (kept through
``operations.services.health.health_template_save``), the schedules (overdue flagged), scheduling
a component (``health_assessment_save``), a schedule's page with its runs and findings, and the one
POST of its forms. The page's facts come from ``operations.pages.health``, shared with the portal."""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from operations.filters.health import HealthAssessmentFilterSet, HealthTemplateFilterSet
from operations.forms.health import HealthAssessmentForm, HealthTemplateForm
from operations.models import HealthAssessment, HealthTemplate
from operations.pages.health import health_context, run_health_action
from operations.selectors.health import assessment_detail, assessment_list, template_list
from operations.services.health import health_assessment_save, health_template_save
from operations.tables.health import HealthAssessmentTable, HealthTemplateTable

# checklist templates


class HealthTemplateListView(ObjectListView):
    queryset = template_list()
    manage_action = "health.template"
    filterset_class = HealthTemplateFilterSet
    table_class = HealthTemplateTable
    export_filename = "health-templates"
    add_label = "Add a template"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No health-assessment templates yet. Add one per kind of component: database optimisation, "
                "storage, hardware inspection, backup status, security patches, interface queues, certificates, "
                "licence counts."
            )
        return context


class HealthTemplateSaveMixin:
    request: HttpRequest

    def save_form(self, form: HealthTemplateForm) -> Model:
        return health_template_save(template=form.instance, by=self.request.user)


class HealthTemplateCreateView(HealthTemplateSaveMixin, ObjectCreateView):
    permission_action = "health.template"
    model = HealthTemplate
    form_class = HealthTemplateForm
    title = "Add a health-assessment template"


class HealthTemplateUpdateView(HealthTemplateSaveMixin, ObjectUpdateView):
    permission_action = "health.template"
    model = HealthTemplate
    form_class = HealthTemplateForm


class HealthTemplateDetailView(ObjectDetailView):
    queryset = template_list()
    manage_action = "health.template"
    template_name = "operations/healthtemplate_detail.html"


# assessment schedules


class HealthAssessmentListView(ObjectListView):
    queryset = assessment_list()
    manage_action = "health.plan"
    filterset_class = HealthAssessmentFilterSet
    table_class = HealthAssessmentTable
    export_filename = "health-assessments"
    add_label = "Schedule an assessment"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No health assessments scheduled yet. Schedule one per component against a template of its kind, "
                "quarterly by default; the vendor's engineer records each run and its findings."
            )
        return context


class HealthAssessmentSaveMixin:
    request: HttpRequest

    def save_form(self, form: HealthAssessmentForm) -> Model:
        return health_assessment_save(assessment=form.instance, by=self.request.user)


class HealthAssessmentCreateView(HealthAssessmentSaveMixin, ObjectCreateView):
    permission_action = "health.plan"
    model = HealthAssessment
    form_class = HealthAssessmentForm
    title = "Schedule a health assessment"


class HealthAssessmentUpdateView(HealthAssessmentSaveMixin, ObjectUpdateView):
    permission_action = "health.plan"
    model = HealthAssessment
    form_class = HealthAssessmentForm


class HealthAssessmentDetailView(ObjectDetailView):
    queryset = assessment_detail()
    manage_action = "health.plan"
    template_name = "operations/healthassessment_detail.html"

    def get_related(self) -> dict[str, Any]:
        act_url = reverse("operations:healthassessment_act", args=[self.object.pk])
        return health_context(self.object, self.request.user, act_url=act_url)


class HealthAssessmentActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "health.record"
    model = HealthAssessment
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.get_object()
        return run_health_action(request, assessment, back_url=assessment.get_absolute_url())

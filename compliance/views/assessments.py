"""Hospital pages of security assessments: the list, planning and editing one, its page with the
findings (recording one, recording a retest), the report's download."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from compliance.filters.assessments import AssessmentFilterSet
from compliance.forms.assessments import AssessmentForm, FindingForm, FindingRetestForm
from compliance.models import Assessment, Finding
from compliance.pages.assessments import assessment_context
from compliance.selectors.assessments import assessment_list
from compliance.services.assessments import finding_record, finding_retest
from compliance.tables.assessments import AssessmentTable
from core.forms import add_service_errors
from core.permissions import can
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin, protected_file_response


class AssessmentListView(ObjectListView):
    model = Assessment  # the rows come from get_queryset: annotated with today's overdue counts
    manage_action = "compliance.assessment_manage"
    filterset_class = AssessmentFilterSet
    table_class = AssessmentTable
    export_filename = "security-assessments"
    add_label = "Plan an assessment"

    def get_queryset(self) -> Any:
        self.queryset = assessment_list(today=timezone.localdate())
        return super().get_queryset()


class AssessmentDetailView(ObjectDetailView):
    manage_action = "compliance.assessment_manage"
    model = Assessment
    template_name = "compliance/assessment_detail.html"
    finding_form: FindingForm | None = None
    invalid: dict[int, Any] | None = None

    def get_related(self) -> dict[str, Any]:
        context = assessment_context(
            self.object, user=self.request.user, today=timezone.localdate(), invalid=self.invalid
        )
        if can(self.request.user, "compliance.assessment_manage", self.object):
            context["finding_form"] = self.finding_form or FindingForm(initial={"reported_on": timezone.localdate()})
        return context


class AssessmentCreateView(ObjectCreateView):
    permission_action = "compliance.assessment_manage"
    model = Assessment
    form_class = AssessmentForm
    title = "Plan a security assessment"


class AssessmentUpdateView(ObjectUpdateView):
    permission_action = "compliance.assessment_manage"
    model = Assessment
    form_class = AssessmentForm


class FindingRecordView(AssessmentDetailView):
    """POST a finding; on an error the assessment is shown again with the form and its errors."""

    permission_action = "compliance.assessment_manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = assessment = self.get_object()
        form = FindingForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = finding_record(
                    assessment=assessment,
                    title=data["title"],
                    description=data["description"],
                    severity=data["severity"],
                    cvss_score=data["cvss_score"],
                    reported_on=data["reported_on"],
                    remediation_owner=data["remediation_owner"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Finding “{finding}” recorded: due {finding.due_on:%Y-%m-%d}.")
                return HttpResponseRedirect(finding.get_absolute_url())
        self.finding_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class FindingRetestView(AssessmentDetailView):
    permission_action = "compliance.assessment_manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, finding: int) -> HttpResponse:
        self.object = assessment = self.get_object()
        target = Finding.objects.visible_to(request.user).filter(assessment=assessment, pk=finding).first()
        if target is None:
            raise Http404
        form = FindingRetestForm(request.POST)
        if form.is_valid():
            try:
                finding_retest(
                    finding=target,
                    passed=form.cleaned_data["result"] == "passed",
                    notes=form.cleaned_data["notes"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Retest of “{target}” recorded.")
                return HttpResponseRedirect(target.get_absolute_url())
        self.invalid = {target.pk: form}
        return self.render_to_response(self.get_context_data(), status=400)


class AssessmentReportDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Assessment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.get_object()
        if not assessment.report:
            raise Http404("No report was uploaded.")
        return protected_file_response(assessment.report, filename=assessment.report_filename)

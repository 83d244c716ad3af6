"""Security assessments in the vendor portal: the vendor's assessments, their findings with the
remediation due dates, and answering a finding."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from compliance.filters.assessments import AssessmentFilterSet
from compliance.forms.assessments import FindingAnswerForm
from compliance.models import Assessment, Finding
from compliance.pages.assessments import assessment_context
from compliance.selectors.assessments import assessment_list
from compliance.services.assessments import finding_answer
from core.forms import add_service_errors
from core.views.mixins import ScopedQuerysetMixin, protected_file_response
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalAssessmentTable


class PortalAssessmentListView(PortalListView):
    model = Assessment  # the rows come from get_queryset: annotated with today's overdue counts
    filterset_class = AssessmentFilterSet
    table_class = PortalAssessmentTable
    title = "Security assessments"
    export_filename = "security-assessments"

    def get_queryset(self) -> Any:
        self.queryset = assessment_list(today=timezone.localdate())
        return super().get_queryset()


class PortalAssessmentDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    model = Assessment
    template_name = "portal/assessment_detail.html"
    invalid: dict[int, Any] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            assessment_context(self.object, user=self.request.user, today=timezone.localdate(), invalid=self.invalid)
        )
        context["report_url"] = reverse("portal:assessment_report", kwargs={"pk": self.object.pk})
        return context


class PortalFindingAnswerView(PortalAssessmentDetailView):
    """POST the vendor's answer to a finding; on an error the page is shown again with it."""

    permission_action = "compliance.finding_answer"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, finding: int) -> HttpResponse:
        self.object = assessment = self.get_object()
        target = Finding.objects.visible_to(request.user).filter(assessment=assessment, pk=finding).first()
        if target is None:
            raise Http404
        form = FindingAnswerForm(request.POST)
        if form.is_valid():
            try:
                finding_answer(finding=target, response=form.cleaned_data["response"], actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Your answer to “{target}” is sent.")
                url = reverse("portal:assessment_detail", kwargs={"pk": assessment.pk})
                return HttpResponseRedirect(f"{url}#finding-{target.pk}")
        self.invalid = {target.pk: form}
        return self.render_to_response(self.get_context_data(), status=400)


class PortalAssessmentReportView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    model = Assessment

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assessment = self.get_object()
        if not assessment.report:
            raise Http404("No report was uploaded.")
        return protected_file_response(assessment.report, filename=assessment.report_filename)

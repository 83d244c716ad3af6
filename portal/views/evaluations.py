"""The vendor's evaluations: those the hospital shared, the scorecard with the inputs behind each
score, its PDF, and acknowledging or appealing a criterion."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from accounts.models import User
from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalEvaluationTable
from reports.models import EvaluationReport
from reports.pages import evaluation_report_pdf_response
from reports.selectors import evaluation_report_list
from scorecards.filters.evaluations import EvaluationFilterSet
from scorecards.models import Evaluation
from scorecards.pages.evaluations import evaluation_context, run_evaluation_action
from scorecards.selectors.evaluations import evaluation_detail, evaluation_list


class PortalEvaluationListView(PortalListView):
    queryset = evaluation_list()
    filterset_class = EvaluationFilterSet
    table_class = PortalEvaluationTable
    title = "Evaluations"
    export_filename = "evaluations"


class PortalEvaluationDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = evaluation_detail()
    template_name = "portal/evaluation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        act_url = reverse("portal:evaluation_act", kwargs={"pk": self.object.pk})
        context.update(evaluation_context(self.object, self.request.user, act_url=act_url))
        context["pdf_report"] = _pdf_report(self.object, self.request.user)
        return context


def _pdf_report(evaluation: Evaluation, user: User) -> EvaluationReport | None:
    """The evaluation's generated PDF, if the user may download it."""
    return evaluation_report_list().visible_to(user).filter(evaluation=evaluation).first()


class PortalEvaluationPdfView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """The evaluation's PDF, once the hospital generated it (its own vendor's, shared, only)."""

    queryset = evaluation_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _pdf_report(self.get_object(), request.user)
        if report is None:
            raise Http404("This evaluation has no PDF yet.")
        return evaluation_report_pdf_response(report)


class PortalEvaluationActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``action=respond`` with ``criterion``, ``kind`` (acknowledge or appeal) and ``comment``."""

    permission_action = "evaluation.respond"
    model = Evaluation

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.get_object()
        return run_evaluation_action(
            request, evaluation, back_url=reverse("portal:evaluation_detail", kwargs={"pk": pk})
        )

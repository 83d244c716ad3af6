"""The vendor's evaluations: those the hospital shared, the scorecard with the inputs behind each
score, and acknowledging or appealing a criterion."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalEvaluationTable
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
        return context


class PortalEvaluationActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``action=respond`` with ``criterion``, ``kind`` (acknowledge or appeal) and ``comment``."""

    permission_action = "evaluation.respond"
    model = Evaluation

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.get_object()
        return run_evaluation_action(
            request, evaluation, back_url=reverse("portal:evaluation_detail", kwargs={"pk": pk})
        )

"""Vendor selection in the hospital UI: the projects, one project's candidates side by side (its
chart, the five-year costs, the CSV and the decision), adding candidates, and a candidate's page
where each evaluator scores it and admins enter its quoted costs. Hospital pages only: candidates
are never shown in the vendor portal."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.exports import csv_download, csv_lines
from core.forms import add_service_errors
from core.permissions import can, require
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from scorecards.filters.selection import SelectionProjectFilterSet
from scorecards.forms.selection import (
    CandidateForm,
    CostFormSet,
    DecisionForm,
    ScoreFormSet,
    SelectionProjectForm,
    cost_initial,
    score_initial,
)
from scorecards.models import Candidate, SelectionProject
from scorecards.selectors.selection import (
    candidate_costs,
    candidate_detail,
    candidate_scores,
    project_detail,
    project_list,
    side_by_side,
    side_by_side_csv_rows,
)
from scorecards.services.selection import candidate_costs_save, candidate_save, candidate_score, selection_decide
from scorecards.tables.selection import SelectionProjectTable


class SelectionProjectListView(ObjectListView):
    manage_action = "selection.manage"
    queryset = project_list()
    filterset_class = SelectionProjectFilterSet
    table_class = SelectionProjectTable
    export_filename = "vendor-selections"
    add_label = "Start a selection"


class SelectionProjectCreateView(ObjectCreateView):
    model = SelectionProject
    form_class = SelectionProjectForm
    permission_action = "selection.manage"
    title = "Start a vendor selection"


class SelectionProjectDetailView(ObjectDetailView):
    """The candidates side by side; hospital admins record the decision here."""

    queryset = project_detail()
    template_name = "scorecards/selection_detail.html"

    def get_related(self) -> dict[str, Any]:
        project = self.object
        comparison = side_by_side(project)
        related: dict[str, Any] = {
            "comparison": comparison,
            "chart": {
                "labels": [candidate.name for candidate in comparison.candidates],
                "totals": [float(total) if total is not None else None for total in comparison.totals],
                "costs": [float(costs.total) for costs in comparison.costs],
            },
            "may_manage": can(self.request.user, "selection.manage") and project.state == project.State.OPEN,
        }
        if project.state == project.State.OPEN and can(self.request.user, "selection.decide") and comparison.candidates:
            related["decision_form"] = getattr(self, "decision_form", None) or DecisionForm(
                project=project,
                user=self.request.user,
                initial={
                    "chosen": comparison.leader.pk if comparison.leader else None,
                    "decided_on": timezone.localdate(),
                },
            )
        return related

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = self.get_object()
        require(request.user, "selection.decide")
        form = DecisionForm(request.POST, project=self.object, user=request.user)
        if form.is_valid():
            try:
                project = selection_decide(project=self.object, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Decision recorded: {project.chosen} is now a vendor.")
                return HttpResponseRedirect(project.get_absolute_url())
        self.decision_form = form
        return self.render_to_response(self.get_context_data(object=self.object))


class SelectionExportView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """The side-by-side table as CSV: one row per criterion, then totals and costs."""

    queryset = project_detail()

    def get(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        project = self.get_object()
        header, rows = side_by_side_csv_rows(side_by_side(project))
        return csv_download(csv_lines(header, rows), filename=f"selection-{project.pk}")


class CandidateCreateView(ObjectCreateView):
    """Add a candidate to an open selection (the project's page links here with ``?project=``)."""

    model = Candidate
    form_class = CandidateForm
    permission_action = "selection.manage"
    title = "Add a candidate vendor"

    def get_cancel_url(self) -> str:
        wanted = self.request.GET.get("project", "")
        projects = SelectionProject.objects.visible_to(self.request.user)
        project = projects.filter(pk=wanted).first() if wanted.isdigit() else None
        return project.get_absolute_url() if project else reverse("scorecards:selectionproject_list")

    def save_form(self, form: CandidateForm) -> Candidate:
        return candidate_save(candidate=form.instance, by=self.request.user)


class CandidateDetailView(ObjectDetailView):
    """A candidate: every evaluator's scores and notes, the signed-in evaluator's own scores to
    give or change, and (hospital admins) its quoted five-year costs."""

    queryset = candidate_detail()
    template_name = "scorecards/candidate_detail.html"
    manage_action = "selection.manage"

    def get_related(self) -> dict[str, Any]:
        candidate = self.object
        project = candidate.project
        criteria = list(project.template.criteria.all())
        scores = list(candidate_scores(candidate))
        is_open = project.state == project.State.OPEN
        user = self.request.user
        related: dict[str, Any] = {
            "project": project,
            "criteria_scores": [(c, [s for s in scores if s.criterion_id == c.pk]) for c in criteria],
            "costs": candidate_costs(candidate),
        }
        if is_open and can(user, "selection.score"):
            mine = {score.criterion_id: score for score in scores if score.evaluator_id == user.pk}
            related["score_formset"] = getattr(self, "score_formset", None) or ScoreFormSet(
                initial=score_initial(criteria, mine), prefix="scores"
            )
            related["score_rows"] = list(zip(criteria, related["score_formset"].forms, strict=False))
        if is_open and can(user, "selection.manage"):
            related["cost_formset"] = getattr(self, "cost_formset", None) or CostFormSet(
                initial=cost_initial(list(candidate.costs.all()), list(range(1, 6))), prefix="costs"
            )
        return related

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = candidate = self.get_object()
        saved = self._save_costs(candidate) if "costs-TOTAL_FORMS" in request.POST else self._save_scores(candidate)
        if saved:
            messages.success(request, saved)
            return HttpResponseRedirect(candidate.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=candidate))

    def _save_scores(self, candidate: Candidate) -> str:
        require(self.request.user, "selection.score")
        self.score_formset = formset = ScoreFormSet(self.request.POST, prefix="scores")
        if not formset.is_valid():
            return ""
        scores = [row.as_input() for row in formset.forms]
        return self._run(
            lambda: candidate_score(candidate=candidate, scores=scores, by=self.request.user), "Your scores are saved."
        )

    def _save_costs(self, candidate: Candidate) -> str:
        require(self.request.user, "selection.manage")
        self.cost_formset = formset = CostFormSet(self.request.POST, prefix="costs")
        if not formset.is_valid():
            return ""
        years = [row.as_input() for row in formset.forms if not row.is_blank]
        return self._run(
            lambda: candidate_costs_save(candidate=candidate, years=years, by=self.request.user), "Costs saved."
        )

    def _run(self, step: Callable[[], object], done: str) -> str:
        """Take the service's step; its refusal shown as an error message (nothing was stored)."""
        try:
            step()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return ""
        return done

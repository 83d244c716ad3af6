"""Evaluation templates in the hospital UI: the list, one template, and the form with its
criteria as table rows, saved together by ``template_save``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from scorecards.filters.templates import EvaluationTemplateFilterSet
from scorecards.forms.templates import CriterionFormSet, TemplateForm, criterion_initial
from scorecards.models import EvaluationTemplate
from scorecards.selectors.evaluations import rule_text
from scorecards.selectors.templates import template_detail, template_list
from scorecards.services.templates import template_locked, template_save
from scorecards.tables.templates import TemplateTable


class TemplateListView(ObjectListView):
    manage_action = "scorecard.configure"
    queryset = template_list()
    filterset_class = EvaluationTemplateFilterSet
    table_class = TemplateTable
    export_filename = "evaluation-templates"
    add_label = "Add template"


class TemplateDetailView(ObjectDetailView):
    manage_action = "scorecard.configure"
    queryset = template_detail()
    template_name = "scorecards/template_detail.html"

    def get_related(self) -> dict[str, Any]:
        criteria = list(self.object.criteria.all())
        return {
            "criteria": [(criterion, rule_text(criterion)) for criterion in criteria],
            "weight_total": sum(criterion.weight for criterion in criteria),
            "locked": template_locked(self.object),
        }


class TemplateFormMixin:
    model = EvaluationTemplate
    form_class = TemplateForm
    permission_action = "scorecard.configure"
    template_name = "scorecards/template_form.html"
    request: HttpRequest
    object: EvaluationTemplate | None

    def get_formset(self) -> BaseFormSet:
        if self.request.method == "POST":
            return CriterionFormSet(self.request.POST, prefix="criteria")
        criteria = self.object.criteria.all() if self.object is not None else []
        return CriterionFormSet(initial=[criterion_initial(c) for c in criteria], prefix="criteria")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("formset", getattr(self, "formset", None) or self.get_formset())
        return context

    def save_form(self, form: TemplateForm) -> EvaluationTemplate:
        self.formset = self.get_formset()
        if not self.formset.is_valid():
            raise ValidationError("Correct the criteria below.")
        rows = [row for row in self.formset.forms if row.has_changed() or row.cleaned_data.get("id")]
        kept = [row.as_input() for row in rows if not row.is_blank and not row.cleaned_data.get("DELETE")]
        return template_save(template=form.instance, criteria=kept, by=self.request.user)

    def form_invalid(self, form: TemplateForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined]


class TemplateCreateView(TemplateFormMixin, ObjectCreateView):
    title = "Add an evaluation template"


class TemplateUpdateView(TemplateFormMixin, ObjectUpdateView):
    pass
